//! Sending a payment with a real HTTP client (`ureq`), the core deciding everything else.
//!
//! The core builds the request once and, after each attempt, says what to do: done, wait and
//! send the same request again, or fail (with the attempts made and the idempotency key, so the
//! call can be retried later without risk of paying twice). The call is typed
//! (`Call::typed::<Payment>()`), so `Done` holds a `Payment`, read by the same
//! `Client::parse_response_as` a caller who sends by hand uses. This file only moves bytes and
//! keeps the clock.
//!
//! ```sh
//! # against the local stand-in of the API (tests/api), as the test command runs it:
//! node tests/api/standin.mjs --fault-first lost -- cargo run --example send
//! ```
//! It reads `KINETIC_API_KEY` and `KINETIC_BASE_URL` (default `https://api.kinetic.dev`, which
//! needs a TLS-enabled ureq: this example's ureq has no TLS features).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::Read;

use kinetic_flow_core::call::{Call, CallError, Done, Outcome, Policy, Step};
use kinetic_flow_core::idempotency;
use kinetic_flow_core::request::{Client, HttpRequest, KeySource, Method};
use kinetic_flow_core::resource::{Payment, Resource};
use kinetic_flow_core::UnixTime;
use serde_json::json;

/// The clock lives here, in the shell: the core takes the time as an argument.
fn now() -> UnixTime {
    UnixTime::now()
}

/// A uniform value in [0, 1) for the backoff's jitter (not for keys: those need a CSPRNG).
fn jitter() -> f64 {
    (RandomState::new().build_hasher().finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// What one attempt of `request` gave: a whole response, a timeout, or a network failure.
struct Attempt {
    status: u16,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

fn attempt(agent: &ureq::Agent, request: &HttpRequest) -> Result<Attempt, ureq::Error> {
    let mut response = match request.method {
        Method::Get => {
            let mut r = agent.get(&request.url);
            for (name, value) in &request.headers {
                r = r.header(name.as_str(), value.as_str());
            }
            r.call()?
        }
        // POST: the only other method the builders make (`Method` is non-exhaustive).
        _ => {
            let mut r = agent.post(&request.url);
            for (name, value) in &request.headers {
                r = r.header(name.as_str(), value.as_str());
            }
            r.send(request.body.as_deref().unwrap_or("").as_bytes())?
        }
    };
    let headers = response
        .headers()
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let mut body = Vec::new();
    response.body_mut().as_reader().read_to_end(&mut body)?;
    Ok(Attempt {
        status: response.status().as_u16(),
        body,
        headers,
    })
}

/// The sending loop: one `Call`, answering with the resource `T`, as many attempts as it asks for.
fn send<T: Resource>(
    client: &Client,
    request: HttpRequest,
    policy: Policy,
) -> Result<Done<T>, CallError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(policy.timeout()))
        .build()
        .into();
    let mut call = Call::new(client, request, policy).typed::<T>();
    loop {
        let step = match attempt(&agent, call.request()) {
            Ok(a) => {
                let pairs: Vec<(&str, &str)> = a
                    .headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                call.record(
                    Outcome::response(a.status, &a.body, &pairs),
                    now(),
                    jitter(),
                )
            }
            Err(ureq::Error::Timeout(_)) => call.record(Outcome::Timeout, now(), jitter()),
            Err(e) => {
                eprintln!("  attempt {}: {e}", call.attempts() + 1);
                call.record(Outcome::NetworkError, now(), jitter())
            }
        };
        match step {
            Step::Done(done) => return Ok(done),
            Step::Retry { after } => {
                println!(
                    "  attempt {} failed; retrying the same request in {} ms",
                    call.attempts(),
                    after.as_millis()
                );
                std::thread::sleep(after);
            }
            Step::Fail(error) => return Err(error),
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("KINETIC_API_KEY").unwrap_or_default();
    let mut client = Client::new(&key)?;
    if let Ok(base) = std::env::var("KINETIC_BASE_URL") {
        client = client.with_base_url(&base)?;
    }

    // "Pay invoice inv_001 exactly once", across retries and restarts: a derived key.
    let key = idempotency::derive("invoices", "inv_001");
    let params = json!({
        "amount": 25000, "currency": "usd", "rail": "auto",
        "destination": { "routing_number": "021000021", "account_number": "000123457890" },
        "metadata": { "invoice_id": "inv_001" }
    });
    let request = client.build_create_payment(&params, KeySource::Given(key.as_str()))?;
    let done: Done<Payment> = send(&client, request, Policy::default())?;
    let p = &done.resource;
    println!(
        "payment {} {} {} (attempts {}, request {}, key {})",
        p.id,
        p.status,
        p.rail.as_deref().unwrap_or("?"),
        done.attempts,
        done.request_id.as_deref().unwrap_or("-"),
        done.idempotency_key.as_deref().unwrap_or("-"),
    );

    // The typed id goes straight into the next request (a `PaymentId` is already checked).
    let again: Done<Payment> = send(
        &client,
        client.build_retrieve_payment(&p.id)?,
        Policy::default(),
    )?;
    println!(
        "retrieved {} ({}, {} cents)",
        again.resource.id, again.resource.status, again.resource.amount
    );

    // The API docs' example account number is masked: refused before anything is sent.
    let masked = json!({ "amount": 25000, "currency": "usd",
        "destination": { "routing_number": "021000021", "account_number": "****7890" } });
    match client.build_create_payment(&masked, KeySource::Given("pay_abc123")) {
        Err(e) => {
            let codes: Vec<&str> = e.errors().iter().map(|f| f.code).collect();
            println!("refused before sending: {}", codes.join(", "));
        }
        Ok(_) => return Err("a masked account number was accepted".into()),
    }
    Ok(())
}
