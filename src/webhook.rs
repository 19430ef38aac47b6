//! `Kinetic-Signature` webhooks: strict header parsing, HMAC-SHA256 verification with a
//! timestamp tolerance and secret rotation, and signing (SPEC section 1).
//!
//! ```
//! use kinetic_flow_core::webhook::{sign, Verifier};
//! let body = br#"{"id":"evt_1","object":"event","type":"payment.completed","data":{"object":{}}}"#;
//! let header = sign(body, &["whsec_test_secret"], 1_776_244_442).unwrap();
//!
//! let verifier = Verifier::new(&["whsec_test_secret"]).unwrap();
//! let verified = verifier.verify(body, &header, 1_776_244_500).unwrap();
//! assert_eq!(verified.event.id, "evt_1");
//! assert_eq!(verified.secret_index, 0);
//!
//! let err = verifier.verify(b"{}", &header, 1_776_244_500).unwrap_err();
//! assert_eq!(err.code(), "signature_mismatch");
//! ```
//!
//! Semantics, in order:
//! 1. the header is parsed strictly ([`SignatureHeader::parse`]);
//! 2. the signature is checked: some `v1` must equal HMAC-SHA256(secret, `t` + `.` + body) for
//!    some configured secret, compared in constant time (`CtOutput` equality, through `subtle`);
//!    the result names the secret that matched;
//! 3. only then the time: `|now - t| <= tolerance` (default 300 s). So
//!    `timestamp_outside_tolerance` always means an authentic message that is too old or too early
//!    (clock skew, a queued delivery, or a replay).
//! 4. the body is parsed as an [`Event`](crate::event::Event) (`invalid_event` if it is not an event object).
//!
//! Only the HMAC-SHA256 primitive can come from outside, through a seam that is not public API
//! (`__bindings::MacBackend`, used by the npm package's Node entries for `node:crypto`'s native
//! SHA-256). Everything above stays here, whatever computes the MAC.

use hmac::Hmac;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

mod error;
mod header;
pub(crate) mod seam;
mod sign;
mod verifier;

pub use error::{MalformedReason, MismatchHint, SecretProblem, WebhookError};
pub use header::SignatureHeader;
pub use sign::sign;
pub use verifier::{hmac_key, Verified, Verifier};

use seam::PrefixVariants;
pub(crate) use verifier::keyed;

/// The header's name. HTTP header names are case-insensitive (Node shows `kinetic-signature`).
pub const SIGNATURE_HEADER: &str = "Kinetic-Signature";

/// Default tolerance between the header's `t` and `now`, in seconds.
pub const DEFAULT_TOLERANCE: u64 = 300;

/// `t` has at most this many digits (SPEC section 1); more is malformed.
pub const MAX_TIMESTAMP_DIGITS: usize = 12;

/// The largest timestamp a header can carry (twelve nines).
pub const MAX_TIMESTAMP: u64 = 999_999_999_999;

/// At most this many `v1` items are read; a header with more is malformed. Real senders have
/// one per active secret (two during a rotation); the cap bounds the work an attacker can ask for.
pub const MAX_SIGNATURES: usize = 16;

/// A header longer than this (in bytes) is malformed without further reading.
pub const MAX_HEADER_LEN: usize = 4096;

/// One-shot verification with one or several secrets: builds a [`Verifier`] (keying each
/// secret) and verifies. With a `signature_mismatch`, also hints when the secret's `whsec_`
/// prefix was added or dropped. For many deliveries, keep a [`Verifier`] instead.
///
/// ```
/// use kinetic_flow_core::webhook::{sign, verify};
/// let body = br#"{"id":"evt_1","type":"token.created","data":{"object":{}}}"#;
/// let header = sign(body, &["whsec_abc"], 50).unwrap();
/// let verified = verify(body, &header, &["whsec_abc"], 60, 300).unwrap();
/// assert_eq!(verified.event.id, "evt_1");
/// let err = verify(body, &header, &["abc"], 60, 300).unwrap_err();
/// assert!(err.to_string().contains("whsec_"));
/// ```
pub fn verify<S: AsRef<str>>(
    payload: &[u8],
    header: &str,
    secrets: &[S],
    now: i64,
    tolerance: u64,
) -> Result<Verified, WebhookError> {
    let verifier = Verifier::new(secrets)?.tolerance(tolerance);
    verifier
        .verify(payload, header, now)
        .map_err(|err| match err {
            WebhookError::SignatureMismatch { .. } => {
                let (variants, _) = PrefixVariants::of(secrets);
                variants.add_hint(variants.verifier(), err, payload, header)
            }
            other => other,
        })
}

/// [`verify`] with `now` read from the system clock and the default tolerance.
///
/// ```
/// use kinetic_flow_core::webhook::{sign, verify_now};
/// let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
/// let body = br#"{"id":"evt_1","type":"payment.created"}"#;
/// let header = sign(body, &["whsec_a"], now).unwrap();
/// assert!(verify_now(body, &header, &["whsec_a"]).is_ok());
/// ```
#[cfg(all(
    feature = "clock",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
pub fn verify_now<S: AsRef<str>>(
    payload: &[u8],
    header: &str,
    secrets: &[S],
) -> Result<Verified, WebhookError> {
    verify(payload, header, secrets, unix_now(), DEFAULT_TOLERANCE)
}

#[cfg(all(
    feature = "clock",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
pub(crate) fn unix_now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        // A clock before 1970: every real timestamp is then outside the tolerance.
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}
