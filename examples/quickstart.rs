//! The main job, end to end: `cargo run --example quickstart`.
//!
//! Part 1 signs a sample `payment.completed` webhook the way Kinetic Flow does, verifies it as a
//! receiving server would, and shows tampered and stale deliveries being refused. Part 2 sends
//! money safely: validation that reports every mistake at once, an idempotency key derived from
//! the invoice, a ready-to-send request, and a decoded API error with retry advice.

use kinetic_flow_core::api_error::{self, RetryPolicy};
use kinetic_flow_core::event::EventData;
use kinetic_flow_core::idempotency;
use kinetic_flow_core::payment::{self, rails_for_amount, RailLimits};
use kinetic_flow_core::request::{Client, KeySource};
use kinetic_flow_core::webhook::{sign, Verifier};
use kinetic_flow_core::UnixTime;
use serde_json::json;
use std::time::Duration;

fn main() {
    // Your endpoint's signing secret (from the dashboard; keep it in an environment variable).
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let now = UnixTime::from_secs(1_776_244_442); // the core never reads the clock: time is an argument

    // 1. What Kinetic Flow sends: the raw JSON body and a Kinetic-Signature header.
    let body = br#"{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed","api_version":"2026-04-01","created_at":"2026-04-15T09:14:02Z","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,"currency":"usd","rail":"fednow","destination":{"routing_number":"021000021","account_number":"****7890"},"settled_at":"2026-04-15T09:14:02Z","created_at":"2026-04-15T09:14:01Z"}}}"#;
    let header = match sign(body, &[secret], now) {
        Ok(h) => h,
        Err(e) => return eprintln!("signing failed: {e}"),
    };
    println!("Kinetic-Signature: {header}\n");

    // 2. What your server does: key the verifier once, verify each delivery's raw body.
    let verifier = match Verifier::new(&[secret]) {
        Ok(v) => v,
        Err(e) => return eprintln!("bad secret: {e}"),
    };
    match verifier.verify(body, &header, now + Duration::from_secs(2)) {
        Ok(verified) => {
            let event = &verified.event;
            println!(
                "verified  {} {} (secret #{})",
                event.id,
                event.event_type.as_str(),
                verified.secret_index
            );
            if let EventData::Payment(p) = &event.data {
                println!(
                    "          payment {} {} {} cents via {}",
                    p.id,
                    p.status,
                    p.amount,
                    p.rail.as_deref().unwrap_or("?")
                );
            }
        }
        Err(e) => println!("unexpected refusal: [{}] {e}", e.code()),
    }

    // 3. A tampered body (someone changed the amount) is refused.
    let tampered = String::from_utf8_lossy(body).replace("25000", "95000");
    match verifier.verify(tampered.as_bytes(), &header, now + Duration::from_secs(2)) {
        Ok(_) => println!("BUG: tampered body accepted"),
        Err(e) => println!("\nrefused   tampered body: [{}]\n          {e}", e.code()),
    }

    // 4. The same authentic delivery replayed ten minutes later is refused too.
    match verifier.verify(body, &header, now + Duration::from_secs(600)) {
        Ok(_) => println!("BUG: replay accepted"),
        Err(e) => println!("\nrefused   replay: [{}]\n          {e}", e.code()),
    }

    payments(now);
}

fn payments(now: UnixTime) {
    println!("\n--- sending money ---\n");

    // 5. Validation reports every problem at once, with the field and the fix.
    let sloppy = json!({
        "ammount": 25000,
        "currency": "usd",
        "rail": "fednow",
        "destination": { "routing_number": "021000022", "account_number": "****7890" },
        "metadata": { "invoice[id]": "inv_001" }
    });
    match payment::validate(&sloppy) {
        Ok(_) => println!("BUG: sloppy request accepted"),
        Err(errors) => {
            println!("refused   payment request, {} problems:", errors.len());
            for e in &errors {
                println!("          {:<28} {:<26} {}", e.param, e.code, e.message);
            }
        }
    }

    // 6. A good request: which rails can carry it, an idempotency key derived from the invoice
    //    (the same on every retry and restart), and its fingerprint.
    let params = json!({
        "amount": 250_000_000,
        "currency": "USD",
        "destination": { "routing_number": "021000021", "account_number": "000123456789" },
        "metadata": { "invoice_id": "inv_001" }
    });
    let key = idempotency::derive("invoices", "inv_001");
    match payment::validate(&params) {
        Ok(valid) => {
            let rails: Vec<&str> = rails_for_amount(valid.amount(), &RailLimits::default())
                .iter()
                .map(|r| r.as_str())
                .collect();
            println!("\nvalid     $2,500,000.00 can go by: {}", rails.join(", "));
            println!("          idempotency key {key}");
            println!("          fingerprint     {}", payment::fingerprint(&valid));
        }
        Err(errors) => println!("unexpected refusal: {errors:?}"),
    }

    // 7. A ready-to-send request (plain data for any HTTP client). Debug output hides the key.
    let client = match Client::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc") {
        Ok(c) => c,
        Err(e) => return println!("bad key: {e}"),
    };
    match client.build_create_payment(&params, KeySource::Given(key.as_str())) {
        Ok(request) => {
            println!("\nrequest   {} {}", request.method.as_str(), request.url);
            for (name, value) in &request.headers {
                let shown = if name == "Authorization" {
                    "Bearer sk_test_…(redacted here)"
                } else {
                    value
                };
                println!("          {name}: {shown}");
            }
            println!("          {}", request.body.as_deref().unwrap_or(""));
        }
        Err(e) => println!("unexpected refusal: [{}] {e}", e.code()),
    }

    // 8. The API answers 429: decode it and ask when to retry.
    let body = br#"{"error":{"code":"rate_limited","message":"Too many requests.","request_id":"req_9f8e7d"}}"#;
    if let Some(error) = api_error::decode(429, body, &[("Retry-After", "2")], now) {
        println!(
            "\nAPI error [{}] {} (status {}, kind {}, retryable {}, request {})",
            error.code,
            error.message,
            error.status,
            error.kind.as_str(),
            error.retryable,
            error.request_id.as_deref().unwrap_or("-")
        );
        let policy = RetryPolicy::default();
        for attempt in 1..=4 {
            match api_error::retry_delay(attempt, &error, &policy, 0.5) {
                Some(delay) => println!("          retry #{attempt} after {delay:?}"),
                None => println!("          retry #{attempt}: give up"),
            }
        }
    }
}
