//! # kinetic-flow-core
//!
//! The verification and request-building core for the Kinetic Flow payments API
//! (`https://api.kinetic.dev`, API version [`API_VERSION`]).
//!
//! The crate does **no I/O**: no sockets, files, clock reads or randomness. Time and entropy
//! are arguments. It has five jobs, one module each, and drives a sixth without doing its I/O:
//!
//! | job | module |
//! |---|---|
//! | verify and sign `Kinetic-Signature` webhooks, typed events | [`webhook`], [`event`] |
//! | validate payment requests, every problem at once | [`payment`] |
//! | idempotency keys and request fingerprints | [`idempotency`] |
//! | decode API error responses, retry advice | [`api_error`] |
//! | build ready-to-send HTTP requests, read typed responses | [`request`], [`resource`] |
//! | send one call: retry or not, when, what the answer means (sans-I/O driver) | [`call`] |
//!
//! Every error type has a stable `code()` string, the same in Rust and in the npm package.
//! No error, `Display` or `Debug` output contains a webhook secret or an API key.
//!
//! # Example: verify a webhook, validate a payment, build its request
//!
//! ```
//! use std::time::Duration;
//! use kinetic_flow_core::payment::{self, CreatePayment, DestinationParams, Rail};
//! use kinetic_flow_core::request::{ApiKey, Client, KeySource};
//! use kinetic_flow_core::webhook::{sign, Verifier};
//! use kinetic_flow_core::UnixTime;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // 1. Webhooks: key the verifier once, then verify each delivery's raw body and header.
//! let now = UnixTime::from_secs(1_776_244_442); // the core never reads the clock
//! let body = br#"{"id":"evt_1","type":"payment.completed","data":{"object":{"id":"pay_1","status":"completed","amount":25000,"currency":"usd"}}}"#;
//! let header = sign(body, &["whsec_test_secret"], now)?; // what the sender writes
//! let verifier = Verifier::new(&["whsec_test_secret"])?.tolerance(Duration::from_secs(300));
//! let verified = verifier.verify(body, &header, now + Duration::from_secs(5))?;
//! assert_eq!(verified.event.id, "evt_1"); // de-duplicate on it
//!
//! // 2. Payments: every problem at once, as one `std::error::Error`.
//! let err = payment::validate(&serde_json::json!({ "amount": 0, "currency": "usd" })).unwrap_err();
//! let codes: Vec<&str> = err.iter().map(|e| e.code).collect();
//! assert_eq!(codes, ["amount_too_small", "required"]);
//!
//! // 3. Requests: typed params in, plain data out, for any HTTP client.
//! let valid = CreatePayment::new(25_000, "usd", DestinationParams::bank("021000021", "000123456789"))
//!     .with_rail(Rail::Fednow)
//!     .validate()?;
//! let client = Client::from(ApiKey::parse("sk_test_4eC39HqLyjWDarjtT1zdp7dc")?);
//! let request = client.build_create_payment_valid(&valid, KeySource::Given("order-42"))?;
//! assert_eq!(request.url, "https://api.kinetic.dev/v1/payments");
//! assert_eq!(request.header("Idempotency-Key"), Some("order-42"));
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `clock` | yes | [`UnixTime::now`] and the `verify_now` conveniences, which read the system clock (not on `wasm32-unknown-unknown`, where the host passes the time) |
//! | `http` | no | conversions with the [`http`](https://docs.rs/http/1) crate: `HttpRequest` into `http::Request`, `Verifier::verify_headers(&http::HeaderMap)`, `ApiError::from_response_parts` |
//! | `axum` | no | an [axum](https://docs.rs/axum/0.8) 0.8 extractor, `axum::VerifiedWebhook`, yielding the verified event from router state holding the `Verifier`, and a rejection answering 400 or 500 with `{"error":{"code"}}`; implies `http` and `clock` |
//! | `tracing` | no | the `axum` extractor logs each refusal through [tracing](https://docs.rs/tracing/0.1) (warn for a 4xx, error for a 5xx such as a bad secret), never the secret or the payload |
//!
//! # Minimum supported Rust version
//!
//! Rust **1.81**, with every feature (checked by `scripts/msrv.sh` in the test command). Raising
//! it is a minor-version change, written in the changelog.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(unsafe_code)]
#![warn(missing_docs)]
// The deny list is the workspace's (Cargo.toml `[workspace.lints.clippy]`); tests are exempt.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod api_error;
#[cfg(all(
    feature = "axum",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
#[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
pub mod axum;
pub mod call;
mod digits;
pub mod error;
pub mod event;
#[cfg(feature = "http")]
mod http_compat;
pub mod id;
pub mod idempotency;
mod json;
pub mod payment;
pub mod request;
pub mod resource;
mod secret;
mod sha256;
mod text;
pub mod time;
pub mod webhook;

/// Not public API: the items the npm binding crate (`wasm/`, `kinetic-flow-wasm`) needs and a Rust
/// user should not lean on. No semver promise; ARCHITECTURE.md ("What the bindings see") says why
/// each item is here rather than public.
#[doc(hidden)]
pub mod __bindings {
    pub use crate::digits::num;
    pub use crate::digits::write_u64 as json_u64;
    pub use crate::event::summary::EventSummary;
    pub use crate::json::parse as json_parse;
    pub use crate::json::to_text as json_text;
    pub use crate::json::write_string as json_string;
    pub use crate::sha256::{digest as sha256_digest, hmac_key_block, Sha256};
    pub use crate::text::{cat, split_once};
    pub use crate::webhook::seam::{signed_parts, write_statement, MacBackend, PrefixVariants};
    pub use crate::webhook::test_delivery::signed as test_delivery_signed;
}

pub use error::FieldError;
pub use time::UnixTime;

/// The Kinetic Flow API version this crate speaks (sent as `Kinetic-Version`).
pub const API_VERSION: &str = "2026-04-01";

/// The default API base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.kinetic.dev";

/// This crate's version, sent in `User-Agent: kinetic-flow-core/<version>`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust examples are compiled and run as doctests, so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
