//! A Kinetic Flow webhook endpoint with axum and the `axum` feature's extractor.
//!
//! ```sh
//! KINETIC_WEBHOOK_SECRET=whsec_... cargo run --example axum --features axum -- 3000
//! ```
//!
//! The port is the first argument, else `$PORT`, else 3000; `0` picks a free one. It binds
//! 127.0.0.1 and prints `listening on http://127.0.0.1:<port>`, then one line per delivery.
//! `POST /webhooks` answers 200 `{"received":true,"id":"evt_…"}` for a verified delivery, 400
//! `{"error":{"code":"…"}}` for one that fails verification, and 500 `invalid_secret` while the
//! secret is missing or invalid (so that the sender retries once it is fixed).
//! `tests/axum_example.rs` starts this binary and sends it deliveries.

use std::net::{Ipv4Addr, SocketAddr};

use axum::{routing::post, Json, Router};
use kinetic_flow_core::axum::{VerifiedWebhook, VerifierState, WebhookRejection};
use serde_json::{json, Value};

/// The webhook route. Taking the `Result` lets the handler log a refusal; taking
/// `VerifiedWebhook` alone answers the same without a log line.
async fn webhook(
    delivery: Result<VerifiedWebhook, WebhookRejection>,
) -> Result<Json<Value>, WebhookRejection> {
    match delivery {
        Ok(VerifiedWebhook(verified)) => {
            let event = &verified.event;
            // De-duplicate on event.id here: deliveries are retried for up to 72 hours.
            println!("received {} {}", event.event_type, event.id);
            Ok(Json(json!({ "received": true, "id": event.id })))
        }
        Err(rejection) => {
            // The message never holds a secret or the payload.
            let status = rejection.status().as_u16();
            println!("refused {status} {}: {rejection}", rejection.code());
            Err(rejection)
        }
    }
}

fn port() -> Result<u16, String> {
    let given = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok());
    match given {
        None => Ok(3000),
        Some(text) => text
            .parse()
            .map_err(|_| format!("the port must be a number from 0 to 65535, not {text:?}")),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port = port()?;
    let secret = std::env::var("KINETIC_WEBHOOK_SECRET").unwrap_or_default();
    let state = VerifierState::new(&[secret]);
    if let Err(err) = state.verifier() {
        // Start anyway, as SPEC section 10 has it: deliveries get 500 and are retried.
        println!(
            "warning: {}: {err} Every delivery is answered 500 until KINETIC_WEBHOOK_SECRET is fixed.",
            err.code()
        );
    }
    let app = Router::new()
        .route("/webhooks", post(webhook))
        .with_state(state);

    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
