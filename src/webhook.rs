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
//! 4. the body is parsed as an [`Event`] (`invalid_event` if it is not an event object).
//!
//! Only the HMAC-SHA256 primitive can come from outside, through a seam that is not public API
//! (`__bindings::MacBackend`, used by the npm package's Node entries for `node:crypto`'s native
//! SHA-256). Everything above stays here, whatever computes the MAC.

use hmac::digest::CtOutput;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::event::Event;

type HmacSha256 = Hmac<Sha256>;

pub(crate) mod seam;

use seam::{MacBackend, PrefixVariants};

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

/// How many characters of a bad header an error shows.
const HEADER_PREVIEW_CHARS: usize = 24;

const RAW_BODY_ADVICE: &str = "Pass the raw request body exactly as received: with Express use \
express.raw({ type: 'application/json' }) on the webhook route; in Workers or Deno use await \
request.text(); in Rust pass the body bytes before any JSON parsing.";

/// Why a `Kinetic-Signature` value is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// More than [`MAX_SIGNATURES`] `v1` items, or a header over [`MAX_HEADER_LEN`] bytes.
    TooLong,
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
        }
    }
}

/// Evidence-based hints attached to a `signature_mismatch`: each is only given when the input
/// shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

impl MismatchHint {
    fn describe(self) -> &'static str {
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
        }
    }
}

/// Why a secret was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretProblem {
    /// No secret at all was given.
    None,
    /// An empty string.
    Empty,
    /// Leading or trailing whitespace (usually a copy-paste or `.env` accident).
    Whitespace,
    /// An API key (`sk_test_…`, `sk_live_…`) was passed where the webhook secret belongs.
    ApiKey,
}

/// A webhook error. [`WebhookError::code`] gives the stable string (same in Rust and JS).
/// No variant holds a secret or the full payload.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    /// `missing_signature_header`: the header is absent, empty or only spaces.
    #[error("The Kinetic-Signature header is missing or empty. Read it from the request (Node: req.headers['kinetic-signature']; fetch: request.headers.get('Kinetic-Signature')) and check that no proxy strips it.")]
    MissingSignatureHeader,

    /// `malformed_signature_header`.
    #[error("The Kinetic-Signature header is malformed: {}. Expected `t=<unix seconds>,v1=<64 hex digits>`; got `{header}`.", reason.describe())]
    MalformedSignatureHeader {
        /// What is wrong.
        reason: MalformedReason,
        /// The start of the header, truncated.
        header: String,
    },

    /// `timestamp_outside_tolerance`: the signature is authentic but `|now - t| > tolerance`.
    #[error("The webhook is authentic but its timestamp {timestamp} is {} s away from now ({now}), beyond the tolerance of {tolerance} s: the clock is skewed, the delivery was queued, or it is a replay. Check the server clock; widen the tolerance only if deliveries are legitimately late.{}", timestamp.abs_diff(*now), milliseconds_hint(*timestamp, *now, *tolerance))]
    TimestampOutsideTolerance {
        /// The header's `t`.
        timestamp: i64,
        /// The `now` the check used.
        now: i64,
        /// The tolerance in seconds.
        tolerance: u64,
    },

    /// `signature_mismatch`: no `v1` matches any configured secret.
    #[error("No signature in the Kinetic-Signature header matches the body with the configured secret(s). {RAW_BODY_ADVICE} Check that the secret is this endpoint's signing secret.{}", hints_text(hints))]
    SignatureMismatch {
        /// What the input suggests went wrong (may be empty).
        hints: Vec<MismatchHint>,
    },

    /// `invalid_secret`: no secret, an empty one, one with surrounding whitespace, or an API key.
    #[error("{}", secret_message(*problem, *index))]
    InvalidSecret {
        /// Which secret (index in the list given).
        index: usize,
        /// What is wrong with it.
        problem: SecretProblem,
    },

    /// `payload_not_raw`: raised by the JS bindings when the payload is a parsed object.
    #[error("The webhook payload is a parsed {found}, not the raw body: the signature covers the exact bytes received. {RAW_BODY_ADVICE}")]
    PayloadNotRaw {
        /// The JS type that was passed.
        found: String,
    },

    /// `invalid_event`: the signature is good but the body is not an event object.
    #[error("The webhook signature is valid but the body is not a Kinetic Flow event: {reason}.")]
    InvalidEvent {
        /// What is wrong with the body.
        reason: String,
    },
}

/// `now` given in milliseconds (JS `Date.now()`) instead of seconds is a common slip: say so
/// when `now / 1000` would have been within the tolerance.
fn milliseconds_hint(timestamp: i64, now: i64, tolerance: u64) -> &'static str {
    if now / 1000 != 0 && timestamp.abs_diff(now / 1000) <= tolerance {
        " `now` looks like milliseconds (such as Date.now()): pass Unix seconds."
    } else {
        ""
    }
}

fn hints_text(hints: &[MismatchHint]) -> String {
    hints.iter().fold(String::new(), |mut acc, h| {
        acc.push(' ');
        acc.push_str(h.describe());
        acc
    })
}

fn secret_message(problem: SecretProblem, index: usize) -> String {
    match problem {
        SecretProblem::None => "No webhook secret was given: pass the endpoint's signing secret (whsec_…), or a list of them during a rotation.".to_owned(),
        SecretProblem::Empty => format!("Webhook secret #{index} is empty: check that the environment variable holding it is set."),
        SecretProblem::Whitespace => format!("Webhook secret #{index} has leading or trailing whitespace: trim it (a copy-paste or .env newline)."),
        SecretProblem::ApiKey => format!("Webhook secret #{index} is an API key (sk_…), not a webhook signing secret (whsec_…): use the endpoint's signing secret, and keep the API key private."),
    }
}

impl WebhookError {
    /// The stable code of SPEC section 1.
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
        }
    }
}

/// A parsed `Kinetic-Signature` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader<'a> {
    /// `t` exactly as it appears in the header: these are the signed bytes.
    timestamp_text: &'a str,
    timestamp: i64,
    signatures: Vec<[u8; 32]>,
}

impl<'a> SignatureHeader<'a> {
    /// Parses a header value strictly (SPEC section 1). Items are `key=value`, separated by
    /// commas, with optional spaces or tabs around items. `t` must appear once as 1 to 12 ASCII
    /// digits; at least one `v1` must appear, each exactly 64 hex digits (any case); other keys
    /// are ignored. Empty items (`,,` or a trailing comma) are malformed.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::SignatureHeader;
    /// let v1 = "ab".repeat(32);
    /// let value = format!("t=1776244442, v1={v1}, v0=legacy");
    /// let h = SignatureHeader::parse(&value).unwrap();
    /// assert_eq!(h.timestamp(), 1_776_244_442);
    /// assert_eq!(h.signatures().len(), 1);
    /// assert_eq!(SignatureHeader::parse("t=+1,v1=00").unwrap_err().code(), "malformed_signature_header");
    /// assert_eq!(SignatureHeader::parse("  ").unwrap_err().code(), "missing_signature_header");
    /// ```
    pub fn parse(value: &'a str) -> Result<SignatureHeader<'a>, WebhookError> {
        if let Some(canonical) = Self::parse_canonical(value.as_bytes()) {
            return Ok(canonical);
        }
        // Byte-level on purpose (this is the verify hot path): every delimiter is ASCII, so the
        // slices between them are exactly the `str` pieces a char-level split would give.
        let trimmed = trim_spaces(value.as_bytes());
        if trimmed.is_empty() {
            return Err(WebhookError::MissingSignatureHeader);
        }
        // Errors are built lazily (`ok_or_else`): the preview allocates.
        let malformed = |reason| WebhookError::MalformedSignatureHeader {
            reason,
            header: preview(value),
        };
        if value.len() > MAX_HEADER_LEN {
            return Err(malformed(MalformedReason::TooLong));
        }
        let mut timestamp: Option<(&str, i64)> = None;
        let mut signatures = Vec::with_capacity(2);
        for item in trimmed.split(|&b| b == b',') {
            let mut key_value = trim_spaces(item).splitn(2, |&b| b == b'=');
            let key = key_value.next().unwrap_or_default();
            let val = key_value
                .next()
                .ok_or_else(|| malformed(MalformedReason::InvalidItem))?;
            match key {
                b"t" => {
                    if timestamp.is_some() {
                        return Err(malformed(MalformedReason::DuplicateTimestamp));
                    }
                    let t = parse_timestamp(val)
                        .ok_or_else(|| malformed(MalformedReason::InvalidTimestamp))?;
                    // ASCII digits by now, so this is UTF-8 (checked anyway, never unwrapped).
                    let text = std::str::from_utf8(val)
                        .map_err(|_| malformed(MalformedReason::InvalidTimestamp))?;
                    timestamp = Some((text, t));
                }
                b"v1" => {
                    if signatures.len() == MAX_SIGNATURES {
                        return Err(malformed(MalformedReason::TooLong));
                    }
                    let sig = decode_hex32(val)
                        .ok_or_else(|| malformed(MalformedReason::InvalidSignature))?;
                    signatures.push(sig);
                }
                b"" => return Err(malformed(MalformedReason::InvalidItem)),
                _ => {} // other schemes (v0, v2, …) are ignored so new ones can be added
            }
        }
        let (timestamp_text, timestamp) =
            timestamp.ok_or_else(|| malformed(MalformedReason::MissingTimestamp))?;
        if signatures.is_empty() {
            return Err(malformed(MalformedReason::MissingSignature));
        }
        Ok(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures,
        })
    }

    /// The exact form senders produce, `t=<digits>` then one or more `,v1=<64 hex digits>`, with
    /// no spaces or other items, in one pass; `None` for anything else, which the general parser
    /// then reads (and gives the same result for this form: a unit property checks it).
    fn parse_canonical(value: &'a [u8]) -> Option<SignatureHeader<'a>> {
        let rest = value.strip_prefix(b"t=")?;
        let digits = rest
            .iter()
            .take(MAX_TIMESTAMP_DIGITS + 1)
            .position(|&b| b == b',')?;
        let (timestamp_text, mut rest) = (rest.get(..digits)?, rest.get(digits..)?);
        let timestamp = parse_timestamp(timestamp_text)?;
        let timestamp_text = std::str::from_utf8(timestamp_text).ok()?;
        let mut signatures = Vec::with_capacity(1);
        while !rest.is_empty() {
            if signatures.len() == MAX_SIGNATURES {
                return None;
            }
            let hex = rest.strip_prefix(b",v1=")?;
            signatures.push(decode_hex32(hex.get(..64)?)?);
            rest = hex.get(64..)?;
        }
        Some(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures,
        })
    }

    /// The header's `t`, in Unix seconds.
    ///
    /// ```
    /// # use kinetic_flow_core::webhook::SignatureHeader;
    /// let value = format!("t=0042,v1={}", "0".repeat(64));
    /// let h = SignatureHeader::parse(&value).unwrap();
    /// assert_eq!(h.timestamp(), 42);
    /// ```
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// The `v1` signatures, decoded.
    ///
    /// ```
    /// # use kinetic_flow_core::webhook::SignatureHeader;
    /// let value = format!("t=1,v1={},v1={}", "0".repeat(64), "F".repeat(64));
    /// let h = SignatureHeader::parse(&value).unwrap();
    /// assert_eq!(h.signatures()[1], [0xff; 32]);
    /// ```
    pub fn signatures(&self) -> &[[u8; 32]] {
        &self.signatures
    }
}

/// Trims spaces and tabs (only those: SPEC section 1) from both ends.
fn trim_spaces(s: &[u8]) -> &[u8] {
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    let start = s.iter().position(|b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or_default()
}

fn parse_timestamp(text: &[u8]) -> Option<i64> {
    if text.is_empty() || text.len() > MAX_TIMESTAMP_DIGITS || !text.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    text.iter().try_fold(0i64, |acc, b| {
        acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
    })
}

/// Hex digit values, `0xff` for every other byte: a table, so decoding does not branch on the
/// (random) digits of a signature.
// Indexing is evaluated at compile time here: an out-of-range index fails the build, never a run.
#[allow(clippy::indexing_slicing)]
const HEX_VALUES: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut i = 0u8;
    while i < 10 {
        table[(b'0' + i) as usize] = i;
        i += 1;
    }
    let mut i = 0u8;
    while i < 6 {
        table[(b'a' + i) as usize] = 10 + i;
        table[(b'A' + i) as usize] = 10 + i;
        i += 1;
    }
    table
};

/// Decodes exactly 64 hex digits (any case) into 32 bytes.
fn decode_hex32(text: &[u8]) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    let mut invalid = 0u8;
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        let nibble = |i: usize| {
            pair.get(i)
                .and_then(|&c| HEX_VALUES.get(usize::from(c)))
                .copied()
                .unwrap_or(0xff)
        };
        let (hi, lo) = (nibble(0), nibble(1));
        invalid |= hi | lo;
        *byte = (hi << 4) | (lo & 0x0f);
    }
    // Valid nibbles are below 16; any 0xff leaves high bits set.
    (invalid < 16).then_some(out)
}

/// Prefixes of secrets: a header value is cut before any of them in error messages.
const SECRET_PREFIXES: [&str; 3] = ["whsec_", "sk_live_", "sk_test_"];

/// The first characters of a header, for error messages (never the whole value). A header
/// that holds a secret (a caller who swapped the header and secret arguments) is cut at the
/// secret's prefix, so the message shows `whsec_…` and no secret characters.
fn preview(header: &str) -> String {
    let secret_at = SECRET_PREFIXES
        .iter()
        .filter_map(|p| header.find(p).map(|i| i + p.len()))
        .min();
    let shown = secret_at
        .and_then(|end| header.get(..end))
        .unwrap_or(header);
    let mut out: String = shown
        .chars()
        .take(HEADER_PREVIEW_CHARS)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if shown.len() < header.len() || shown.chars().nth(HEADER_PREVIEW_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The HMAC key of a secret: the UTF-8 bytes of the whole secret string, `whsec_` prefix
/// included (SPEC section 1).
///
/// ```
/// use kinetic_flow_core::webhook::hmac_key;
/// assert_eq!(hmac_key("whsec_é"), b"whsec_\xc3\xa9");
/// ```
pub fn hmac_key(secret: &str) -> &[u8] {
    secret.as_bytes()
}

/// The outcome of a successful verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The parsed event.
    pub event: Event,
    /// Index of the secret that matched, in the order the secrets were given.
    pub secret_index: usize,
    /// The header's timestamp.
    pub timestamp: i64,
}

/// A reusable verifier: each secret is keyed once (the keyed HMAC state is kept), so a verify
/// costs only the body's hashing. Cheap to share; `Debug` never shows the secrets.
#[derive(Clone)]
pub struct Verifier {
    keys: Vec<HmacSha256>,
    tolerance: u64,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &format_args!("[{} redacted]", self.keys.len()))
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// Checks one secret: not empty, no surrounding whitespace, not an API key.
fn check_secret(index: usize, secret: &str) -> Result<(), WebhookError> {
    let problem = if secret.is_empty() {
        SecretProblem::Empty
    } else if secret.trim() != secret {
        SecretProblem::Whitespace
    } else if secret.starts_with("sk_test_") || secret.starts_with("sk_live_") {
        SecretProblem::ApiKey
    } else {
        return Ok(());
    };
    Err(WebhookError::InvalidSecret { index, problem })
}

fn keyed(secret: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length (long keys are hashed), so this never fails.
    match HmacSha256::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => HmacSha256::new(&Default::default()),
    }
}

fn keyed_secrets<S: AsRef<str>>(secrets: &[S]) -> Result<Vec<HmacSha256>, WebhookError> {
    if secrets.is_empty() {
        return Err(WebhookError::InvalidSecret {
            index: 0,
            problem: SecretProblem::None,
        });
    }
    secrets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            check_secret(i, s.as_ref())?;
            Ok(keyed(hmac_key(s.as_ref())))
        })
        .collect()
}

impl Verifier {
    /// Keys a verifier with one or more secrets (several during a rotation, or for several
    /// endpoints). Refuses an empty list, an empty secret, one with surrounding whitespace and an
    /// API key (`invalid_secret`). The key is the UTF-8 bytes of the whole secret, `whsec_` included.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::Verifier;
    /// assert!(Verifier::new(&["whsec_old", "whsec_new"]).is_ok());
    /// assert_eq!(Verifier::new(&["sk_live_abc"]).unwrap_err().code(), "invalid_secret");
    /// assert_eq!(Verifier::new::<&str>(&[]).unwrap_err().code(), "invalid_secret");
    /// ```
    pub fn new<S: AsRef<str>>(secrets: &[S]) -> Result<Verifier, WebhookError> {
        Ok(Verifier {
            keys: keyed_secrets(secrets)?,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Sets the tolerance in seconds (default [`DEFAULT_TOLERANCE`], 300).
    ///
    /// ```
    /// use kinetic_flow_core::webhook::Verifier;
    /// let v = Verifier::new(&["whsec_x"]).unwrap().tolerance(60);
    /// assert_eq!(v.tolerance_secs(), 60);
    /// ```
    pub fn tolerance(mut self, seconds: u64) -> Verifier {
        self.tolerance = seconds;
        self
    }

    /// The tolerance in seconds.
    ///
    /// ```
    /// # use kinetic_flow_core::webhook::Verifier;
    /// assert_eq!(Verifier::new(&["whsec_x"]).unwrap().tolerance_secs(), 300);
    /// ```
    pub fn tolerance_secs(&self) -> u64 {
        self.tolerance
    }

    /// How many secrets the verifier holds.
    ///
    /// ```
    /// # use kinetic_flow_core::webhook::Verifier;
    /// assert_eq!(Verifier::new(&["whsec_a", "whsec_b"]).unwrap().secret_count(), 2);
    /// ```
    pub fn secret_count(&self) -> usize {
        self.keys.len()
    }

    /// Verifies the signature and the timestamp, without parsing the body. Returns the index
    /// of the secret that matched and the header's timestamp.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{sign, Verifier};
    /// let header = sign(b"not json at all", &["whsec_b"], 1000).unwrap();
    /// let v = Verifier::new(&["whsec_a", "whsec_b"]).unwrap();
    /// assert_eq!(v.verify_signature(b"not json at all", &header, 1100).unwrap(), (1, 1000));
    /// ```
    pub fn verify_signature(
        &self,
        payload: &[u8],
        header: &str,
        now: i64,
    ) -> Result<(usize, i64), WebhookError> {
        self.verify_signature_with(self, payload, header, now)
    }

    /// [`Verifier::verify_signature`] with the HMAC-SHA256 computed by `backend` (see
    /// [`MacBackend`]): the same rules, order, results and errors; only the primitive differs.
    /// Secret #i of `backend` must be this verifier's secret #i.
    ///
    /// ```
    /// use kinetic_flow_core::{__bindings::MacBackend, webhook::{sign, Verifier}};
    /// struct Wrong;
    /// impl MacBackend for Wrong {
    ///     fn hmac_sha256(&self, _: usize, _: &[&[u8]]) -> Option<[u8; 32]> { Some([0; 32]) }
    /// }
    /// let header = sign(b"{}", &["whsec_a"], 1000).unwrap();
    /// let v = Verifier::new(&["whsec_a"]).unwrap();
    /// assert_eq!(v.verify_signature_with(&v, b"{}", &header, 1000).unwrap(), (0, 1000));
    /// let err = v.verify_signature_with(&Wrong, b"{}", &header, 1000).unwrap_err();
    /// assert_eq!(err.code(), "signature_mismatch");
    /// ```
    #[doc(hidden)]
    pub fn verify_signature_with(
        &self,
        backend: &dyn MacBackend,
        payload: &[u8],
        header: &str,
        now: i64,
    ) -> Result<(usize, i64), WebhookError> {
        let parsed = SignatureHeader::parse(header)?;
        let index = self
            .matching_secret(backend, &parsed, payload)
            .ok_or_else(|| WebhookError::SignatureMismatch {
                hints: self.mismatch_hints(backend, &parsed, payload),
            })?;
        if parsed.timestamp.abs_diff(now) > self.tolerance {
            return Err(WebhookError::TimestampOutsideTolerance {
                timestamp: parsed.timestamp,
                now,
                tolerance: self.tolerance,
            });
        }
        Ok((index, parsed.timestamp))
    }

    /// Verifies a delivery and parses its event: header, then signature, then time, then body.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{sign, Verifier};
    /// let body = br#"{"id":"evt_1","type":"payment.failed","data":{"object":{}}}"#;
    /// let header = sign(body, &["whsec_a"], 1000).unwrap();
    /// let v = Verifier::new(&["whsec_a"]).unwrap();
    /// assert_eq!(v.verify(body, &header, 1000).unwrap().event.event_type.as_str(), "payment.failed");
    /// assert_eq!(v.verify(body, &header, 1301).unwrap_err().code(), "timestamp_outside_tolerance");
    /// ```
    pub fn verify(&self, payload: &[u8], header: &str, now: i64) -> Result<Verified, WebhookError> {
        let (secret_index, timestamp) = self.verify_signature(payload, header, now)?;
        Ok(Verified {
            event: Event::parse(payload)?,
            secret_index,
            timestamp,
        })
    }

    /// [`Verifier::verify`] with `now` read from the system clock.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{sign, Verifier};
    /// let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    /// let body = br#"{"id":"evt_1","type":"payment.created"}"#;
    /// let header = sign(body, &["whsec_a"], now).unwrap();
    /// assert!(Verifier::new(&["whsec_a"]).unwrap().verify_now(body, &header).is_ok());
    /// ```
    #[cfg(all(
        feature = "clock",
        not(all(target_arch = "wasm32", target_os = "unknown"))
    ))]
    pub fn verify_now(&self, payload: &[u8], header: &str) -> Result<Verified, WebhookError> {
        self.verify(payload, header, unix_now())
    }

    fn mac(key: &HmacSha256, timestamp_text: &str, payload: &[u8]) -> HmacSha256 {
        let mut mac = key.clone();
        mac.update(timestamp_text.as_bytes());
        mac.update(b".");
        mac.update(payload);
        mac
    }

    /// Index of the first secret for which some `v1` matches. The signed bytes are `t` as
    /// written, `.`, the raw body. The comparison is constant-time (`CtOutput`'s `PartialEq` is
    /// `subtle`'s `ct_eq`); `Mac::verify_slice` would do the same, but it needs the MAC state,
    /// and a [`MacBackend`] only gives the tag.
    fn matching_secret(
        &self,
        backend: &dyn MacBackend,
        header: &SignatureHeader<'_>,
        payload: &[u8],
    ) -> Option<usize> {
        let signed: [&[u8]; 3] = [header.timestamp_text.as_bytes(), b".", payload];
        (0..self.keys.len()).find(|&index| {
            backend.hmac_sha256(index, &signed).is_some_and(|tag| {
                let tag = CtOutput::<HmacSha256>::new(tag.into());
                header
                    .signatures
                    .iter()
                    .any(|sig| tag == CtOutput::new((*sig).into()))
            })
        })
    }

    /// Only on the failure path: look for evidence of the usual mistakes.
    fn mismatch_hints(
        &self,
        backend: &dyn MacBackend,
        header: &SignatureHeader<'_>,
        payload: &[u8],
    ) -> Vec<MismatchHint> {
        let mut hints = Vec::new();
        let text = std::str::from_utf8(payload).unwrap_or("");
        if payload.is_empty() {
            hints.push(MismatchHint::EmptyBody);
        } else if text == "[object Object]" {
            hints.push(MismatchHint::ObjectString);
        } else if looks_pretty_printed(text) {
            hints.push(MismatchHint::PrettyPrinted);
        }
        let trimmed = payload.trim_ascii_end();
        if trimmed.len() != payload.len()
            && self.matching_secret(backend, header, trimmed).is_some()
        {
            hints.push(MismatchHint::TrailingWhitespace);
        }
        hints
    }
}

/// Pretty-printed JSON: an object or array whose first line break is followed by indentation.
fn looks_pretty_printed(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('{') || t.starts_with('['))
        && (t.contains("\n ") || t.contains("\n\t") || t.contains("\": "))
}

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
fn unix_now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        // A clock before 1970: every real timestamp is then outside the tolerance.
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// Signs a payload: returns the header value `t=<timestamp>,v1=<hex>` with one `v1` per secret
/// (lowercase hex). For tests and for servers that send Kinetic-style webhooks. `timestamp`
/// must fit the header's 12 digits (at most [`MAX_TIMESTAMP`]), and there may be at most
/// [`MAX_SIGNATURES`] secrets (a header with more `v1` items is refused by every verifier, so
/// signing refuses it too: `malformed_signature_header`).
///
/// ```
/// use kinetic_flow_core::webhook::{sign, MAX_SIGNATURES};
/// let h = sign(b"{}", &["whsec_a", "whsec_b"], 1_776_244_442).unwrap();
/// assert!(h.starts_with("t=1776244442,v1="));
/// assert_eq!(h.matches(",v1=").count(), 2);
/// let too_many = vec!["whsec_a"; MAX_SIGNATURES + 1];
/// assert_eq!(sign(b"{}", &too_many, 1).unwrap_err().code(), "malformed_signature_header");
/// ```
pub fn sign<S: AsRef<str>>(
    payload: &[u8],
    secrets: &[S],
    timestamp: u64,
) -> Result<String, WebhookError> {
    if timestamp > MAX_TIMESTAMP {
        return Err(WebhookError::MalformedSignatureHeader {
            reason: MalformedReason::InvalidTimestamp,
            header: preview(&format!("t={timestamp}")),
        });
    }
    if secrets.len() > MAX_SIGNATURES {
        return Err(WebhookError::MalformedSignatureHeader {
            reason: MalformedReason::TooLong,
            header: preview(&format!("t={timestamp}")),
        });
    }
    let keys = keyed_secrets(secrets)?;
    let t = timestamp.to_string();
    let mut out = String::with_capacity(2 + t.len() + keys.len() * 68);
    out.push_str("t=");
    out.push_str(&t);
    for key in &keys {
        let tag = Verifier::mac(key, &t, payload).finalize().into_bytes();
        out.push_str(",v1=");
        out.push_str(&hex::encode(tag));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment.completed","data":{"object":{}}}"#;

    #[test]
    fn preview_truncates_on_char_boundaries() {
        let long = "é".repeat(100);
        let p = preview(&long);
        assert_eq!(p.chars().count(), HEADER_PREVIEW_CHARS + 1);
        assert!(p.ends_with('…'));
        assert_eq!(preview("t=1"), "t=1");
    }

    #[test]
    fn preview_cuts_at_a_secret_prefix() {
        assert_eq!(preview("whsec_MfKQ9r8GKYqrTwjUPD8ILPZ"), "whsec_…");
        assert_eq!(preview("t=1,v1=sk_live_abcdef"), "t=1,v1=sk_live_…");
        assert_eq!(preview("sk_test_abc,whsec_x"), "sk_test_…");
        assert_eq!(preview("t=1,v1=whsec_"), "t=1,v1=whsec_");
    }

    #[test]
    fn timestamp_digits() {
        assert_eq!(parse_timestamp(b"999999999999"), Some(999_999_999_999));
        assert_eq!(parse_timestamp(b"1000000000000"), None);
        assert_eq!(parse_timestamp(b"-1"), None);
        assert_eq!(parse_timestamp("１".as_bytes()), None);
        assert_eq!(parse_timestamp(b""), None);
    }

    #[test]
    fn tolerance_bounds_are_inclusive_and_overflow_safe() {
        let header = sign(BODY, &["whsec_a"], 1000).unwrap();
        let v = Verifier::new(&["whsec_a"]).unwrap();
        assert!(v.verify(BODY, &header, 1300).is_ok());
        assert!(v.verify(BODY, &header, 700).is_ok());
        assert!(v.verify(BODY, &header, 1301).is_err());
        assert!(v.verify(BODY, &header, 699).is_err());
        let e = v.verify(BODY, &header, i64::MIN).unwrap_err();
        assert_eq!(e.code(), "timestamp_outside_tolerance");
        let e = v.verify(BODY, &header, i64::MAX).unwrap_err();
        assert_eq!(e.code(), "timestamp_outside_tolerance");
    }

    #[test]
    fn hints_follow_the_evidence() {
        let pretty = b"{\n  \"id\": \"evt_1\"\n}";
        let header = sign(BODY, &["whsec_a"], 1000).unwrap();
        let hints = |body: &[u8]| match verify(body, &header, &["whsec_a"], 1000, 300) {
            Err(WebhookError::SignatureMismatch { hints }) => hints,
            other => panic!("{other:?}"),
        };
        assert_eq!(hints(pretty), vec![MismatchHint::PrettyPrinted]);
        assert_eq!(hints(b""), vec![MismatchHint::EmptyBody]);
        assert_eq!(hints(b"[object Object]"), vec![MismatchHint::ObjectString]);
        let mut with_newline = BODY.to_vec();
        with_newline.extend_from_slice(b"\r\n");
        assert_eq!(hints(&with_newline), vec![MismatchHint::TrailingWhitespace]);
        assert_eq!(hints(b"{\"id\":\"evt_2\"}"), vec![]);
        let unprefixed = sign(BODY, &["a"], 1000).unwrap();
        match verify(BODY, &unprefixed, &["whsec_a"], 1000, 300) {
            Err(WebhookError::SignatureMismatch { hints }) => {
                assert_eq!(hints, vec![MismatchHint::SecretPrefix])
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn milliseconds_now_is_named_in_the_message() {
        let header = sign(BODY, &["whsec_a"], 1_776_244_442).unwrap();
        let v = Verifier::new(&["whsec_a"]).unwrap();
        let e = v.verify(BODY, &header, 1_776_244_442_123).unwrap_err();
        assert!(e.to_string().contains("milliseconds"), "{e}");
        let e = v.verify(BODY, &header, 1_776_244_442 + 301).unwrap_err();
        assert!(!e.to_string().contains("milliseconds"), "{e}");
    }

    #[test]
    fn sign_refuses_timestamps_the_header_cannot_carry() {
        assert!(sign(BODY, &["whsec_a"], MAX_TIMESTAMP).is_ok());
        let e = sign(BODY, &["whsec_a"], MAX_TIMESTAMP + 1).unwrap_err();
        assert_eq!(e.code(), "malformed_signature_header");
    }

    /// The parser as first written (char-level, `hex` crate), kept as the oracle for the
    /// byte-level one on the hot path: same result or same error, for any header.
    fn reference_parse(value: &str) -> Result<(String, i64, Vec<[u8; 32]>), WebhookError> {
        let trim = |s: &str| s.trim_matches(|c| c == ' ' || c == '\t').to_owned();
        let trimmed = trim(value);
        if trimmed.is_empty() {
            return Err(WebhookError::MissingSignatureHeader);
        }
        let malformed = |reason| WebhookError::MalformedSignatureHeader {
            reason,
            header: preview(value),
        };
        if value.len() > MAX_HEADER_LEN {
            return Err(malformed(MalformedReason::TooLong));
        }
        let mut timestamp: Option<(String, i64)> = None;
        let mut signatures = Vec::new();
        for item in trimmed.split(',') {
            let item = trim(item);
            let (key, val) = item
                .split_once('=')
                .ok_or(malformed(MalformedReason::InvalidItem))?;
            match key {
                "t" => {
                    if timestamp.is_some() {
                        return Err(malformed(MalformedReason::DuplicateTimestamp));
                    }
                    let ok = !val.is_empty()
                        && val.len() <= MAX_TIMESTAMP_DIGITS
                        && val.bytes().all(|b| b.is_ascii_digit());
                    let t: i64 = match ok {
                        true => val.parse().unwrap(),
                        false => return Err(malformed(MalformedReason::InvalidTimestamp)),
                    };
                    timestamp = Some((val.to_owned(), t));
                }
                "v1" => {
                    if signatures.len() == MAX_SIGNATURES {
                        return Err(malformed(MalformedReason::TooLong));
                    }
                    let mut sig = [0u8; 32];
                    if val.len() != 64 || hex::decode_to_slice(val, &mut sig).is_err() {
                        return Err(malformed(MalformedReason::InvalidSignature));
                    }
                    signatures.push(sig);
                }
                "" => return Err(malformed(MalformedReason::InvalidItem)),
                _ => {}
            }
        }
        let (text, t) = timestamp.ok_or(malformed(MalformedReason::MissingTimestamp))?;
        if signatures.is_empty() {
            return Err(malformed(MalformedReason::MissingSignature));
        }
        Ok((text, t, signatures))
    }

    fn item() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("t=1776244442".to_owned()),
            "[ \t]{0,2}t[ \t]{0,2}=[0-9+ \t.-]{0,14}",
            "v1=[0-9a-fA-FgG \t]{62,66}",
            "v1=[0-9a-f]{64}",
            "[ \t]{0,2}v1=[0-9A-F]{64}[ \t]{0,2}",
            "v[0-9]=.{0,10}",
            "[=, \t\u{e9}tv1]{0,5}",
            ".{0,5}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn byte_level_parse_matches_the_reference(
            items in proptest::collection::vec(item(), 0..20),
            sep in proptest::prop_oneof![
                proptest::strategy::Just(","),
                proptest::strategy::Just(", "),
                proptest::strategy::Just("\t,"),
            ],
        ) {
            let header = items.join(sep);
            let fast = SignatureHeader::parse(&header)
                .map(|h| (h.timestamp_text.to_owned(), h.timestamp, h.signatures));
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }

        #[test]
        fn canonical_headers_and_their_mutations_match_the_reference(
            t in "[0-9]{0,13}",
            sigs in proptest::collection::vec("[0-9a-fA-F]{64}", 0..18),
            flip in proptest::option::of((proptest::prelude::any::<proptest::sample::Index>(), 0x20u8..0x7f)),
            suffix in "|[ \t,=vt1a-f0-9]{1,5}",
        ) {
            let mut header = format!("t={t}");
            for sig in &sigs {
                header.push_str(",v1=");
                header.push_str(sig);
            }
            header.push_str(&suffix);
            if let Some((pos, byte)) = flip {
                let mut bytes = header.into_bytes();
                let i = pos.index(bytes.len());
                bytes[i] = byte;
                header = String::from_utf8(bytes).unwrap();
            }
            let fast = SignatureHeader::parse(&header)
                .map(|h| (h.timestamp_text.to_owned(), h.timestamp, h.signatures));
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }

        #[test]
        fn byte_level_parse_matches_the_reference_on_any_text(header in ".{0,200}") {
            let fast = SignatureHeader::parse(&header)
                .map(|h| (h.timestamp_text.to_owned(), h.timestamp, h.signatures));
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }
    }

    #[test]
    fn hex_table_decodes_every_byte_like_the_hex_crate() {
        for c in 0..=255u8 {
            let text = [c; 64];
            let mut expected = [0u8; 32];
            let ok = hex::decode_to_slice(text, &mut expected).is_ok();
            assert_eq!(decode_hex32(&text), ok.then_some(expected), "byte {c}");
        }
        assert_eq!(decode_hex32(&[b'0'; 63]), None);
        assert_eq!(decode_hex32(&[b'0'; 65]), None);
    }

    #[test]
    fn debug_hides_secrets() {
        let v = Verifier::new(&["whsec_very_secret_value"]).unwrap();
        let d = format!("{v:?}");
        assert!(!d.contains("very_secret"), "{d}");
        assert!(d.contains("1 redacted"));
    }
}
