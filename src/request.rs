//! Ready-to-send HTTP requests for the Kinetic Flow API, as plain data.
//!
//! A [`Client`] is made from an [`ApiKey`]; its builders return an [`HttpRequest`] (method, URL,
//! headers, body) that any HTTP client, or `fetch`, can send. Nothing here does I/O: the
//! idempotency key's entropy comes in as an argument ([`KeySource`]), and
//! [`Client::parse_response`] turns what came back into the resource or an [`ApiError`].
//!
//! ```
//! use kinetic_flow_core::request::{Client, KeySource};
//! use serde_json::json;
//!
//! let client = Client::new("sk_test_4eC39HqLyjWDarjtT1zdp7dc")?;
//! let request = client.build_create_payment(
//!     &json!({
//!         "amount": 25000, "currency": "usd", "rail": "auto",
//!         "destination": { "routing_number": "021000021", "account_number": "000123456789" }
//!     }),
//!     KeySource::Given("pay_abc123"),
//! )?;
//! assert_eq!(request.method.as_str(), "POST");
//! assert_eq!(request.url, "https://api.kinetic.dev/v1/payments");
//! assert_eq!(request.header("idempotency-key"), Some("pay_abc123"));
//! // Debug never shows the key.
//! assert!(!format!("{request:?}").contains("4eC39HqLyjWDarjtT1zdp7dc"));
//! # Ok::<(), kinetic_flow_core::request::RequestError>(())
//! ```
//!
//! Decisions (also in the README):
//!
//! - **API keys**: `sk_test_` or `sk_live_`, then 1 to [`MAX_API_KEY_LEN`] bytes in all of ASCII
//!   letters and digits only (no `_`, `-` or spaces: Kinetic keys have none, and the docs'
//!   placeholder `sk_test_your_key_here` is thereby refused). Whitespace around the key is
//!   refused, not trimmed, so a stray newline from a secrets file is found at start-up.
//! - **Path ids** (`pay_…`, `evt_…`) and the refund's `payment`: the prefix, then 1 to 255 ASCII
//!   letters or digits ([`MAX_ID_LEN`] in all); the same rule types the ids of the
//!   [resources](crate::resource) (`re_…`, `tok_…`, `po_…`). They are put into the URL unescaped, which the
//!   alphabet makes safe.
//! - **Idempotency**: every POST carries an `Idempotency-Key` header and the same
//!   `idempotency_key` in its body (payments, refunds and tokens alike: every POST). See [`KeySource`] for where the key comes from.
//! - **Tokens**: `POST /v1/tokens` takes bank details as a payment's destination does,
//!   `{ routing_number, account_number }`, checked by the payment module's own
//!   [`RoutingNumber`] and [`AccountNumber`].
//! - **Bodies** are compact JSON of the validated, normalized params (`serde_json`), sent with
//!   `Content-Type: application/json`; unknown fields are refused before sending.
//! - **Responses**: a 2xx whose body is not JSON is an [`ApiError`] with code
//!   `invalid_response` (see [`Client::parse_response`]).
//! - **Secrets**: the key is in the `Authorization` header of a built request (it must be, to be
//!   sent) and in its serialized form, but never in any `Debug`, `Display` or error output; an
//!   API error message that echoes the key back is redacted.

mod api_key;
mod base_url;
mod client;
mod error;
mod http;
mod params;

pub use crate::id::{EventId, PaymentId, PayoutId, RefundId, TokenId, MAX_ID_LEN};
pub use api_key::{ApiKey, Mode};
pub use client::{Client, KeySource};
pub use error::RequestError;
pub use http::{HttpRequest, Method};

#[allow(unused_imports)] // the module docs link to them
use crate::{
    api_error::ApiError,
    payment::{AccountNumber, RoutingNumber},
};

/// The longest API key accepted, in bytes, prefix included.
pub const MAX_API_KEY_LEN: usize = 255;
