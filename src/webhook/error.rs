//! The webhook error type and its parts: why a header is malformed, the mismatch hints, why a
//! secret was refused.

use std::time::Duration;

use crate::digits::{write_i64, write_u64};
use crate::event::EventError;
use crate::UnixTime;

/// The raw-body advice, as a literal so that `concat!` can build on it.
macro_rules! raw_body_advice {
    () => {
        "Pass the raw request body exactly as received: with Express use \
express.raw({ type: 'application/json' }) on the webhook route; in Workers or Deno use await \
request.text(); in Rust pass the body bytes before any JSON parsing."
    };
}

/// Why a `Kinetic-Signature` value is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MalformedReason {
    /// No `t=` item.
    MissingTimestamp,
    /// More than one `t=` item.
    DuplicateTimestamp,
    /// `t` is not 1 to 12 ASCII digits.
    InvalidTimestamp,
    /// No `v1=` item.
    MissingSignature,
    /// A `v1` that is not exactly 64 hex digits.
    InvalidSignature,
    /// An item without `=`, or an empty item.
    InvalidItem,
    /// More than [`MAX_SIGNATURES`](super::MAX_SIGNATURES) `v1` items, or a header over [`MAX_HEADER_LEN`](super::MAX_HEADER_LEN) bytes.
    TooLong,
    /// The header's bytes are not UTF-8 (ASCII, in fact, for any sender).
    NotUtf8,
    /// The request carries the header more than once (a sender writes one).
    Repeated,
}

impl MalformedReason {
    fn describe(self) -> &'static str {
        match self {
            MalformedReason::MissingTimestamp => "it has no `t=` timestamp item",
            MalformedReason::DuplicateTimestamp => "it has more than one `t=` item",
            MalformedReason::InvalidTimestamp => {
                "its `t` is not a Unix time of 1 to 12 ASCII digits"
            }
            MalformedReason::MissingSignature => "it has no `v1=` signature item",
            MalformedReason::InvalidSignature => {
                "a `v1` signature is not exactly 64 hexadecimal digits"
            }
            MalformedReason::InvalidItem => "an item is empty or is not `key=value`",
            MalformedReason::TooLong => "it is too long or has too many `v1` items",
            MalformedReason::NotUtf8 => "it is not text (its bytes are not UTF-8)",
            MalformedReason::Repeated => "the request carries it more than once",
        }
    }
}

/// Evidence-based hints attached to a `signature_mismatch`: each is only given when the input
/// shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MismatchHint {
    /// The body is empty: a body parser probably consumed it.
    EmptyBody,
    /// The body is `[object Object]`: a parsed object was turned back into a string.
    ObjectString,
    /// The body is pretty-printed JSON, which the sender never signs: it was re-serialized.
    PrettyPrinted,
    /// The signature matches once trailing whitespace is removed from the body: something
    /// appended a newline.
    TrailingWhitespace,
    /// The signature matches with the `whsec_` prefix added to or removed from the secret: the
    /// key is the whole secret string, prefix included.
    SecretPrefix,
    /// The body is base64 text that decodes to JSON: it was not decoded (AWS Lambda's
    /// `isBase64Encoded`).
    Base64Body,
}

impl MismatchHint {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            MismatchHint::EmptyBody => {
                "The body is empty: a body parser probably consumed it before verification."
            }
            MismatchHint::ObjectString => {
                "The body is \"[object Object]\": a parsed object was converted back to a string."
            }
            MismatchHint::PrettyPrinted => {
                "The body is pretty-printed JSON; Kinetic Flow signs compact JSON, so it looks re-serialized."
            }
            MismatchHint::TrailingWhitespace => {
                "The signature matches the body without its trailing whitespace: something appended to the body."
            }
            MismatchHint::SecretPrefix => {
                "The signature matches with the `whsec_` prefix added or removed: use the whole secret string, prefix included."
            }
            MismatchHint::Base64Body => {
                "The body looks base64-encoded (it decodes to JSON): decode it first. On AWS Lambda, when event.isBase64Encoded is true, verify Buffer.from(event.body, 'base64'), or use webhooks.lambda(), which does."
            }
        }
    }
}

/// Why a secret was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecretProblem {
    /// No secret at all was given.
    None,
    /// An empty string.
    Empty,
    /// Leading or trailing whitespace (usually a copy-paste or `.env` accident).
    Whitespace,
    /// An API key (`sk_test_…`, `sk_live_…`) was passed where the webhook secret belongs.
    ApiKey,
    /// The HMAC implementation refused it as a key (none does today: HMAC takes any length).
    Unusable,
}

/// A webhook error. [`WebhookError::code`] gives the stable string (same in Rust and JS).
/// No variant holds a secret or the full payload.
///
/// `Display` is one short, runtime-neutral statement of what is wrong (plus the evidence the
/// input shows, such as mismatch hints); [`WebhookError::advice`] has the longer how-to-fix
/// text, framework recipes included (the npm package appends it to its messages).
///
/// ```
/// use kinetic_flow_core::webhook::{Verifier, WebhookError};
/// use kinetic_flow_core::UnixTime;
/// let err = Verifier::new(&["whsec_a"]).unwrap().verify(b"{}", "", UnixTime::EPOCH).unwrap_err();
/// assert_eq!(err, WebhookError::MissingSignatureHeader);
/// assert_eq!(err.to_string(), "The Kinetic-Signature header is missing or empty.");
/// assert!(err.advice().contains("proxy"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// `missing_signature_header`: the header is absent, empty or only spaces.
    MissingSignatureHeader,

    /// `malformed_signature_header`.
    MalformedSignatureHeader {
        /// What is wrong.
        reason: MalformedReason,
        /// The start of the header, truncated (never a secret: cut at any `whsec_`/`sk_` prefix).
        header: String,
    },

    /// `timestamp_outside_tolerance`: the signature is authentic but `|now - t| > tolerance`.
    TimestampOutsideTolerance {
        /// The header's `t`.
        timestamp: UnixTime,
        /// The `now` the check used.
        now: UnixTime,
        /// The tolerance.
        tolerance: Duration,
    },

    /// `signature_mismatch`: no `v1` matches any configured secret.
    SignatureMismatch {
        /// What the input suggests went wrong (may be empty).
        hints: Vec<MismatchHint>,
    },

    /// `invalid_secret`: no secret, an empty one, one with surrounding whitespace, or an API key.
    InvalidSecret {
        /// Which secret (index in the list given).
        index: usize,
        /// What is wrong with it.
        problem: SecretProblem,
    },

    /// `payload_not_raw`: raised by the JS bindings when the payload is a parsed object.
    PayloadNotRaw {
        /// The JS type that was passed.
        found: String,
    },

    /// `invalid_event`: the signature is good but the body is not an event object.
    InvalidEvent {
        /// What is wrong with the body.
        reason: String,
    },

    /// `payload_too_large`: the body is over the endpoint's [`BodyLimit`](super::BodyLimit)
    /// (the npm package's handlers answer 413 and stop reading).
    PayloadTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
}

/// `now` given in milliseconds (JS `Date.now()`) instead of seconds is a common slip: say so
/// when `now / 1000` would have been within the tolerance.
fn milliseconds_hint(timestamp: UnixTime, now: UnixTime, tolerance: Duration) -> &'static str {
    let (timestamp, now) = (timestamp.as_secs(), now.as_secs());
    if now / 1000 != 0 && timestamp.abs_diff(now / 1000) <= tolerance.as_secs() {
        " `now` looks like milliseconds (such as Date.now()): pass Unix seconds."
    } else {
        ""
    }
}

/// Appends each of `parts`. The statements are written without `core::fmt` (numbers by the
/// crate's own `int::write_u64`), so the webhooks-only wasm module does not link it
/// (BENCHMARKS.md, issue 14).
fn put(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

impl WebhookError {
    /// Appends the statement `Display` prints (one short, runtime-neutral sentence, plus the
    /// evidence the input shows) to `out`, written without `core::fmt`.
    pub(crate) fn write_statement(&self, out: &mut String) {
        match self {
            WebhookError::MissingSignatureHeader => {
                out.push_str("The Kinetic-Signature header is missing or empty.")
            }
            WebhookError::MalformedSignatureHeader { reason, header } => put(
                out,
                &[
                    "The Kinetic-Signature header is malformed: ",
                    reason.describe(),
                    " (got `",
                    header,
                    "`).",
                ],
            ),
            WebhookError::TimestampOutsideTolerance {
                timestamp,
                now,
                tolerance,
            } => {
                out.push_str("The webhook is authentic but its timestamp ");
                write_i64(timestamp.as_secs(), out);
                out.push_str(" is ");
                write_u64(timestamp.abs_diff(*now).as_secs(), out);
                out.push_str(" s away from now (");
                write_i64(now.as_secs(), out);
                out.push_str("), beyond the tolerance of ");
                write_u64(tolerance.as_secs(), out);
                out.push_str(" s.");
                out.push_str(milliseconds_hint(*timestamp, *now, *tolerance));
            }
            WebhookError::SignatureMismatch { hints } => {
                out.push_str("No signature in the Kinetic-Signature header matches the body with the configured secret(s).");
                for hint in hints {
                    out.push(' ');
                    out.push_str(hint.describe());
                }
            }
            WebhookError::InvalidSecret { index, problem } => {
                let what = match problem {
                    SecretProblem::None => return out.push_str("No webhook secret was given."),
                    SecretProblem::Empty => " is empty.",
                    SecretProblem::Whitespace => " has leading or trailing whitespace.",
                    SecretProblem::ApiKey => {
                        " is an API key (sk_…), not a webhook signing secret (whsec_…)."
                    }
                    SecretProblem::Unusable => " cannot be used as an HMAC key.",
                };
                out.push_str("Webhook secret #");
                write_u64(*index as u64, out);
                out.push_str(what);
            }
            // `webhooks.verify(req.body, …)` with no body parser: nothing was parsed, nothing read.
            WebhookError::PayloadNotRaw { found } if found == "undefined" => {
                out.push_str("No body was read: the webhook payload is undefined.")
            }
            WebhookError::PayloadNotRaw { found } => put(
                out,
                &[
                    "The webhook payload is a parsed ",
                    found,
                    ", not the raw body: the signature covers the exact bytes received.",
                ],
            ),
            WebhookError::PayloadTooLarge { limit } => {
                out.push_str("The webhook body is larger than the limit of ");
                write_u64(*limit, out);
                out.push_str(" bytes.");
            }
            WebhookError::InvalidEvent { reason } => put(
                out,
                &[
                    "The webhook signature is valid but the body is not a Kinetic Flow event: ",
                    reason,
                    ".",
                ],
            ),
        }
    }
}

/// An authentic delivery whose body is not an event.
impl From<EventError> for WebhookError {
    fn from(e: EventError) -> Self {
        WebhookError::InvalidEvent {
            reason: e.into_reason(),
        }
    }
}

impl std::fmt::Display for WebhookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut statement = String::new();
        self.write_statement(&mut statement);
        f.write_str(&statement)
    }
}

impl std::error::Error for WebhookError {}

impl WebhookError {
    /// The stable code, the same in Rust and in the npm package.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::WebhookError;
    /// assert_eq!(WebhookError::MissingSignatureHeader.code(), "missing_signature_header");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::MissingSignatureHeader => "missing_signature_header",
            WebhookError::MalformedSignatureHeader { .. } => "malformed_signature_header",
            WebhookError::TimestampOutsideTolerance { .. } => "timestamp_outside_tolerance",
            WebhookError::SignatureMismatch { .. } => "signature_mismatch",
            WebhookError::InvalidSecret { .. } => "invalid_secret",
            WebhookError::PayloadNotRaw { .. } => "payload_not_raw",
            WebhookError::InvalidEvent { .. } => "invalid_event",
            WebhookError::PayloadTooLarge { .. } => "payload_too_large",
        }
    }

    /// The HTTP status a webhook endpoint answers this error with: 500 for a
    /// configuration error of the endpoint (`invalid_secret`, `payload_not_raw`), so the sender
    /// retries once it is fixed; 400 for a delivery that fails verification; 413 for a body over
    /// the endpoint's limit.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{SecretProblem, WebhookError};
    /// assert_eq!(WebhookError::MissingSignatureHeader.http_status(), 400);
    /// let err = WebhookError::InvalidSecret { index: 0, problem: SecretProblem::Empty };
    /// assert_eq!(err.http_status(), 500);
    /// assert_eq!(WebhookError::PayloadTooLarge { limit: 1 << 20 }.http_status(), 413);
    /// ```
    pub fn http_status(&self) -> u16 {
        match self {
            WebhookError::PayloadTooLarge { .. } => 413,
            WebhookError::InvalidSecret { .. } | WebhookError::PayloadNotRaw { .. } => 500,
            WebhookError::MissingSignatureHeader
            | WebhookError::MalformedSignatureHeader { .. }
            | WebhookError::TimestampOutsideTolerance { .. }
            | WebhookError::SignatureMismatch { .. }
            | WebhookError::InvalidEvent { .. } => 400,
        }
    }

    /// How to fix it: the longer advice, with recipes for common frameworks (Express, Workers,
    /// Deno, Rust servers). Not part of `Display`, so a Rust log line stays short; the npm
    /// package appends it to its error messages.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::WebhookError;
    /// let err = WebhookError::SignatureMismatch { hints: vec![] };
    /// assert!(!err.to_string().contains("express"));
    /// assert!(err.advice().contains("express.raw"));
    /// ```
    // Out of line: inlined into a wasm binding crate built at another opt-level, its texts were
    // a second copy in the webhooks module's data (2 KB).
    #[inline(never)]
    pub fn advice(&self) -> &'static str {
        match self {
            WebhookError::MissingSignatureHeader => "Read it from the request (Node: req.headers['kinetic-signature']; fetch: request.headers.get('Kinetic-Signature'); Rust: the `kinetic-signature` entry of the request's headers) and check that no proxy strips it.",
            WebhookError::MalformedSignatureHeader { .. } => "Expected `t=<unix seconds>,v1=<64 hex digits>`: pass the Kinetic-Signature header's value unchanged.",
            WebhookError::TimestampOutsideTolerance { .. } => "The clock is skewed, the delivery was queued, or it is a replay. Check the server clock; widen the tolerance only if deliveries are legitimately late.",
            WebhookError::SignatureMismatch { .. } => concat!(
                raw_body_advice!(),
                " Check that the secret is this endpoint's signing secret."
            ),
            WebhookError::InvalidSecret { problem, .. } => match problem {
                SecretProblem::None => "Pass the endpoint's signing secret (whsec_…), or a list of them during a rotation.",
                SecretProblem::Empty => "Check that the environment variable holding it is set.",
                SecretProblem::Whitespace => "Trim it (a copy-paste or .env newline).",
                SecretProblem::ApiKey => "Use the endpoint's signing secret, and keep the API key private.",
                SecretProblem::Unusable => "Use the endpoint's signing secret exactly as the dashboard shows it.",
            },
            WebhookError::PayloadNotRaw { .. } => concat!(
                raw_body_advice!(),
                " A JSON body parser that runs first consumes the body: with Express, register the webhook route before app.use(express.json()); with Fastify, give the webhook route a content-type parser that keeps the bytes (addContentTypeParser('application/json', { parseAs: 'buffer' }, ...), in a plugin scope of its own)."
            ),
            WebhookError::InvalidEvent { .. } => "Check that this endpoint receives Kinetic Flow webhooks, and that the body is passed unchanged.",
            WebhookError::PayloadTooLarge { .. } => "Kinetic Flow events are about 2 KiB. To accept larger bodies, raise maxBodyBytes (the npm package's webhook handlers) or DefaultBodyLimit (axum).",
        }
    }
}
