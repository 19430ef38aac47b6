//! The request fingerprint of a payment: what the API compares when an idempotency key is
//! reused (two bodies with one fingerprint are the same payment; one key with two fingerprints
//! is a 409 conflict).
//!
//! ```text
//! body        = ValidPayment::to_json() without "idempotency_key"
//! canonical   = JSON with object keys sorted by their UTF-8 bytes, no whitespace, strings
//!               escaped only where JSON requires (" \ and U+0000..U+001F, as \" \\ \n \r \t
//!               \b \f or \u00xx in lowercase hex), other characters as raw UTF-8
//! fingerprint = "sha256:" || lowercase_hex(SHA-256(canonical))
//! ```
//!
//! This is what Python's `json.dumps(body, sort_keys=True, separators=(",", ":"),
//! ensure_ascii=False).encode()` produces for these bodies (integers and strings only).

use crate::sha256;

use super::ValidPayment;
use crate::digits::write_hex;

/// The request fingerprint: `sha256:` + 64 lowercase hex digits of SHA-256 over the canonical
/// JSON of [`ValidPayment::to_json`] without `idempotency_key`.
///
/// ```
/// use kinetic_flow_core::payment::{fingerprint, validate};
/// use serde_json::json;
///
/// let a = validate(&json!({"amount": 100, "currency": "usd", "destination": {"token": "tok_a"},
///                          "idempotency_key": "k1"})).unwrap();
/// let b = validate(&json!({"destination": {"token": "tok_a"}, "currency": "USD", "amount": 100,
///                          "rail": "auto"})).unwrap();
/// assert_eq!(fingerprint(&a), fingerprint(&b));
/// assert!(fingerprint(&a).starts_with("sha256:"));
/// ```
pub fn fingerprint(payment: &ValidPayment) -> String {
    let canonical = canonical_json(payment);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    write_hex(&sha256::digest(canonical.as_bytes()), &mut out);
    out
}

/// The exact text [`fingerprint`] hashes: the canonical JSON of [`ValidPayment::to_json`]
/// without `idempotency_key` (keys sorted by UTF-8 bytes, no whitespace). Useful to compare
/// with another implementation, or to debug a 409 (it contains the full account number: log
/// the fingerprint, not this text).
///
/// ```
/// use kinetic_flow_core::payment::{canonical_json, validate};
/// let p = validate(&serde_json::json!({"currency": "USD", "amount": 100,
///     "destination": {"token": "tok_a"}, "idempotency_key": "k", "metadata": {"b": "2", "a": "1"}})).unwrap();
/// assert_eq!(
///     canonical_json(&p),
///     r#"{"amount":100,"currency":"usd","destination":{"token":"tok_a"},"metadata":{"a":"1","b":"2"},"rail":"auto"}"#
/// );
/// ```
pub fn canonical_json(payment: &ValidPayment) -> String {
    let body = payment.to_json();
    let mut canonical = String::with_capacity(256);
    // The idempotency key is left out at the top level (skipped, not removed from the map:
    // removal would link the map's rebalancing code into the wasm package for this one use).
    // Written out (crate::json) rather than relying on serde_json's map order, which a
    // `preserve_order` feature anywhere in the build would change.
    crate::json::write_value(&body, Some("idempotency_key"), true, &mut canonical);
    canonical
}
