//! `Kinetic-Signature` webhooks: strict header parsing, HMAC-SHA256 verification with a
//! timestamp tolerance and secret rotation, and signing.
//!
//! ```
//! use kinetic_flow_core::webhook::{sign, Verifier};
//! use kinetic_flow_core::UnixTime;
//! let body = br#"{"id":"evt_1","object":"event","type":"payment.completed","data":{"object":{}}}"#;
//! let header = sign(body, &["whsec_test_secret"], UnixTime::from_secs(1_776_244_442)).unwrap();
//!
//! let verifier = Verifier::new(&["whsec_test_secret"]).unwrap();
//! let verified = verifier.verify(body, &header, UnixTime::from_secs(1_776_244_500)).unwrap();
//! assert_eq!(verified.event.id, "evt_1");
//! assert_eq!(verified.secret_index, 0);
//!
//! let err = verifier.verify(b"{}", &header, UnixTime::from_secs(1_776_244_500)).unwrap_err();
//! assert_eq!(err.code(), "signature_mismatch");
//! ```
//!
//! Semantics, in order:
//! 1. the header is parsed strictly ([`SignatureHeader::parse`]);
//! 2. the signature is checked: some `v1` must equal HMAC-SHA256(secret, `t` + `.` + body) for
//!    some configured secret, compared in constant time (`subtle`'s `ct_eq`);
//!    the result names the secret that matched;
//! 3. only then the time: `|now - t| <= tolerance` (default 300 s). So
//!    `timestamp_outside_tolerance` always means an authentic message that is too old or too early
//!    (clock skew, a queued delivery, or a replay).
//! 4. the body is parsed as an [`Event`](crate::event::Event) (`invalid_event` if it is not an event object).
//!
//! Only the HMAC-SHA256 primitive can come from outside, through a seam that is not public API
//! (`__bindings::MacBackend`, used by the npm package's Node entries for `node:crypto`'s native
//! SHA-256). Everything above stays here, whatever computes the MAC.

use std::time::Duration;

use crate::UnixTime;

type HmacSha256 = crate::sha256::Hmac;

mod advice;
pub mod diagnose;
mod error;
mod header;
mod limit;
pub(crate) mod seam;
mod sign;
pub(crate) mod test_delivery;
mod verifier;

pub use advice::Reader;
pub use error::{MalformedReason, MismatchHint, SecretProblem, WebhookError};
pub use header::SignatureHeader;
pub use limit::{BodyLimit, DEFAULT_MAX_BODY_BYTES};
pub use sign::sign;
pub use test_delivery::{
    example_object, test_delivery, TestDelivery, TestDeliveryError, EXAMPLES_JSON,
};
pub use verifier::{hmac_key, Verified, Verifier};

use seam::PrefixVariants;
pub(crate) use verifier::keyed;

/// The header's name. HTTP header names are case-insensitive (Node shows `kinetic-signature`).
pub const SIGNATURE_HEADER: &str = "Kinetic-Signature";

/// Default tolerance between the header's `t` and `now`: 300 seconds.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// `t` has at most this many digits; more is malformed.
pub const MAX_TIMESTAMP_DIGITS: usize = 12;

/// The latest timestamp a header can carry (twelve nines, in the year 33658).
pub const MAX_TIMESTAMP: UnixTime = UnixTime::from_secs(999_999_999_999);

/// At most this many `v1` items are read; a header with more is malformed. Real senders have
/// one per active secret (two during a rotation); the cap bounds the work an attacker can ask for.
pub const MAX_SIGNATURES: usize = 16;

/// A header longer than this (in bytes) is malformed without further reading.
pub const MAX_HEADER_LEN: usize = 4096;

/// use kinetic_flow_core::UnixTime;
/// One-shot verification with one or several secrets: builds a [`Verifier`] (keying each
/// secret) and verifies. With a `signature_mismatch`, also hints when the secret's `whsec_`
/// prefix was added or dropped. For many deliveries, keep a [`Verifier`] instead.
///
/// `header` is the header's value as bytes or text (`&str`, `&[u8]`, `http::HeaderValue`): a
/// value that is not UTF-8 is `malformed_signature_header`. `now` is a [`UnixTime`]
/// ([`UnixTime::from_secs`]; a bare integer does not compile), the tolerance a [`Duration`]: the two cannot be swapped.
///
/// ```
/// use std::time::Duration;
/// use kinetic_flow_core::webhook::{sign, verify};
/// use kinetic_flow_core::UnixTime;
/// let body = br#"{"id":"evt_1","type":"token.created","data":{"object":{}}}"#;
/// let header = sign(body, &["whsec_abc"], UnixTime::from_secs(50)).unwrap();
/// let verified = verify(body, &header, &["whsec_abc"], UnixTime::from_secs(60), Duration::from_secs(300)).unwrap();
/// assert_eq!(verified.event.id, "evt_1");
/// let err = verify(body, &header, &["abc"], UnixTime::from_secs(60), Duration::from_secs(300)).unwrap_err();
/// assert!(err.to_string().contains("whsec_"));
/// let err = verify(body, b"t=1,v1=\xff", &["whsec_abc"], UnixTime::from_secs(60), Duration::from_secs(300)).unwrap_err();
/// assert_eq!(err.code(), "malformed_signature_header");
/// ```
pub fn verify<S: AsRef<str>>(
    payload: &[u8],
    header: impl AsRef<[u8]>,
    secrets: &[S],
    now: impl Into<UnixTime>,
    tolerance: Duration,
) -> Result<Verified, WebhookError> {
    let header = header.as_ref();
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

/// use kinetic_flow_core::UnixTime;
/// [`verify`] with `now` read from the system clock ([`UnixTime::now`]) and the default
/// tolerance.
///
/// ```
/// use kinetic_flow_core::{webhook::{sign, verify_now}, UnixTime};
/// let body = br#"{"id":"evt_1","type":"payment.created","data":{"object":{}}}"#;
/// let header = sign(body, &["whsec_a"], UnixTime::now()).unwrap();
/// assert!(verify_now(body, &header, &["whsec_a"]).is_ok());
/// ```
#[cfg(all(
    feature = "clock",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
#[cfg_attr(docsrs, doc(cfg(feature = "clock")))]
pub fn verify_now<S: AsRef<str>>(
    payload: &[u8],
    header: impl AsRef<[u8]>,
    secrets: &[S],
) -> Result<Verified, WebhookError> {
    verify(payload, header, secrets, UnixTime::now(), DEFAULT_TOLERANCE)
}
