//! Sending a payment with the SDK: the whole of it. The core decides every attempt (validation
//! before any I/O, one idempotency key per call, the same bytes on every retry, the backoff);
//! the SDK moves the bytes.
//!
//! ```sh
//! # against the local sandbox (kinetic sandbox prints its URL and a test key):
//! KINETIC_API_BASE=http://127.0.0.1:12111 KINETIC_API_KEY=sk_test_… cargo run -p kinetic-flow --example send
//! ```
//! Without `KINETIC_API_BASE` it sends to the real API.

use kinetic_flow::core::idempotency;
use kinetic_flow::{Client, CreatePayment, DestinationParams};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut flow = Client::new(&std::env::var("KINETIC_API_KEY").unwrap_or_default())?;
    if let Ok(base) = std::env::var("KINETIC_API_BASE") {
        flow = flow.base_url(&base)?;
    }

    // "Pay invoice inv_001 exactly once", across retries and restarts: a derived key.
    let params = CreatePayment::new(
        25_000,
        "usd",
        DestinationParams::bank("021000021", "000123457890"),
    )
    .with_idempotency_key(idempotency::derive("invoices", "inv_001").as_str());
    let payment = flow.payments().create(&params).await?;
    println!(
        "payment {} {} {}",
        payment.id,
        payment.status,
        payment.rail.as_deref().unwrap_or("?")
    );

    let again = flow.payments().retrieve(&payment.id).await?;
    println!(
        "retrieved {} ({}, {} cents)",
        again.id, again.status, again.amount
    );

    // The API docs' example account number is masked: refused before anything is sent.
    let masked = CreatePayment::new(
        25_000,
        "usd",
        DestinationParams::bank("021000021", "****7890"),
    );
    match flow.payments().create(&masked).await {
        Err(e) => println!(
            "refused before sending: {} ({} attempts)",
            e.code(),
            e.attempts()
        ),
        Ok(_) => return Err("a masked account number was accepted".into()),
    }
    Ok(())
}
