//! The main job, end to end: `cargo run --example quickstart`.
//!
//! Signs a sample `payment.completed` webhook the way Kinetic Flow does, verifies it as a
//! receiving server would, and shows tampered and stale deliveries being refused.

use kinetic_flow_core::event::EventData;
use kinetic_flow_core::webhook::{sign, Verifier};

fn main() {
    // Your endpoint's signing secret (from the dashboard; keep it in an environment variable).
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let now: i64 = 1_776_244_442; // the core never reads the clock: time is an argument

    // 1. What Kinetic Flow sends: the raw JSON body and a Kinetic-Signature header.
    let body = br#"{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed","api_version":"2026-04-01","created_at":"2026-04-15T09:14:02Z","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,"currency":"usd","rail":"fednow","destination":{"routing_number":"021000021","account_number":"****7890"},"settled_at":"2026-04-15T09:14:02Z","created_at":"2026-04-15T09:14:01Z"}}}"#;
    let header = match sign(body, &[secret], now as u64) {
        Ok(h) => h,
        Err(e) => return eprintln!("signing failed: {e}"),
    };
    println!("Kinetic-Signature: {header}\n");

    // 2. What your server does: key the verifier once, verify each delivery's raw body.
    let verifier = match Verifier::new(&[secret]) {
        Ok(v) => v,
        Err(e) => return eprintln!("bad secret: {e}"),
    };
    match verifier.verify(body, &header, now + 2) {
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
    match verifier.verify(tampered.as_bytes(), &header, now + 2) {
        Ok(_) => println!("BUG: tampered body accepted"),
        Err(e) => println!("\nrefused   tampered body: [{}]\n          {e}", e.code()),
    }

    // 4. The same authentic delivery replayed ten minutes later is refused too.
    match verifier.verify(body, &header, now + 600) {
        Ok(_) => println!("BUG: replay accepted"),
        Err(e) => println!("\nrefused   replay: [{}]\n          {e}", e.code()),
    }
}
