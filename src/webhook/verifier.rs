//! The kept [`Verifier`]: each secret keyed once; signature, then time, then body.

use crate::secret;
use subtle::ConstantTimeEq;

use super::seam::MacBackend;
use super::{
    HmacSha256, MismatchHint, SecretProblem, SignatureHeader, WebhookError, DEFAULT_TOLERANCE,
};
use crate::event::Event;
use crate::UnixTime;
use std::time::Duration;

/// The HMAC key of a secret: the UTF-8 bytes of the whole secret string, `whsec_` prefix
/// included.
///
/// ```
/// use kinetic_flow_core::webhook::hmac_key;
/// assert_eq!(hmac_key("whsec_é"), b"whsec_\xc3\xa9");
/// ```
pub fn hmac_key(secret: &str) -> &[u8] {
    secret.as_bytes()
}

/// The outcome of a successful verification.
///
/// ```
/// use kinetic_flow_core::{webhook::{sign, Verifier}, UnixTime};
/// let body = br#"{"id":"evt_1","type":"payment.created","data":{"object":{}}}"#;
/// let header = sign(body, &["whsec_a", "whsec_b"], UnixTime::from_secs(1000)).unwrap();
/// let verified = Verifier::new(&["whsec_b"]).unwrap().verify(body, &header, UnixTime::from_secs(1000)).unwrap();
/// assert_eq!((verified.secret_index, verified.timestamp), (0, UnixTime::from_secs(1000)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The parsed event.
    pub event: Event,
    /// Index of the secret that matched, in the order the secrets were given.
    pub secret_index: usize,
    /// The header's timestamp.
    pub timestamp: UnixTime,
}

/// A reusable verifier: each secret is keyed once (the keyed HMAC state is kept), so a verify
/// costs only the body's hashing. Cheap to share; `Debug` never shows the secrets.
#[derive(Clone)]
pub struct Verifier {
    pub(super) keys: Vec<HmacSha256>,
    pub(super) tolerance: Duration,
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
    } else if secret::is_api_key(secret) {
        SecretProblem::ApiKey
    } else {
        return Ok(());
    };
    Err(WebhookError::InvalidSecret { index, problem })
}

/// The HMAC state keyed with `secret` (`crate::sha256`). HMAC takes keys of any length (long keys
/// are hashed), so neither implementation refuses one today; were one to, the caller reports the
/// secret as unusable rather than key with anything else.
pub(crate) fn keyed(secret: &[u8]) -> Option<HmacSha256> {
    HmacSha256::new(secret)
}

pub(super) fn keyed_secrets<S: AsRef<str>>(secrets: &[S]) -> Result<Vec<HmacSha256>, WebhookError> {
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
            keyed(hmac_key(s.as_ref())).ok_or(WebhookError::InvalidSecret {
                index: i,
                problem: SecretProblem::Unusable,
            })
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

    /// Sets the tolerance (default [`DEFAULT_TOLERANCE`], 300 s). `|now - t| <= tolerance`
    /// passes, in whole seconds: a fraction of a second is dropped.
    ///
    /// ```
    /// use std::time::Duration;
    /// use kinetic_flow_core::webhook::Verifier;
    /// let v = Verifier::new(&["whsec_x"]).unwrap().tolerance(Duration::from_secs(60));
    /// assert_eq!(v.tolerance_value(), Duration::from_secs(60));
    /// ```
    pub fn tolerance(mut self, tolerance: Duration) -> Verifier {
        self.tolerance = Duration::from_secs(tolerance.as_secs());
        self
    }

    /// The tolerance.
    ///
    /// ```
    /// # use kinetic_flow_core::webhook::{Verifier, DEFAULT_TOLERANCE};
    /// assert_eq!(Verifier::new(&["whsec_x"]).unwrap().tolerance_value(), DEFAULT_TOLERANCE);
    /// ```
    pub fn tolerance_value(&self) -> Duration {
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
    /// use kinetic_flow_core::UnixTime;
    /// let header = sign(b"not json at all", &["whsec_b"], UnixTime::from_secs(1000)).unwrap();
    /// let v = Verifier::new(&["whsec_a", "whsec_b"]).unwrap();
    /// assert_eq!(v.verify_signature(b"not json at all", &header, UnixTime::from_secs(1100)).unwrap(), (1, UnixTime::from_secs(1000)));
    /// ```
    pub fn verify_signature(
        &self,
        payload: &[u8],
        header: impl AsRef<[u8]>,
        now: impl Into<UnixTime>,
    ) -> Result<(usize, UnixTime), WebhookError> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let (header, now) = (header.as_ref(), now.into());
            if let Some(verified) = self.verify_one_signature(payload, header, now) {
                return Ok(verified);
            }
            self.verify_signature_with(self, payload, header, now)
        }
        #[cfg(target_arch = "wasm32")]
        self.verify_signature_with(self, payload, header.as_ref(), now.into())
    }

    /// Natively, the success path of [`Verifier::verify_signature`] for the header senders write
    /// with one signature (`t=<digits>,v1=<64 hex>`): `Some` only when it verifies (the same
    /// index and timestamp as the general path, a unit property checks it); `None` for anything
    /// else, which the general path then reads again and answers (errors and hints included).
    /// The MAC is computed by the keyed states directly (no [`MacBackend`] call), and the
    /// signature is decoded after the first MAC, so that the decode runs while the hash's last
    /// rounds complete rather than before its first.
    #[cfg(not(target_arch = "wasm32"))]
    #[inline]
    fn verify_one_signature(
        &self,
        payload: &[u8],
        header: &[u8],
        now: UnixTime,
    ) -> Option<(usize, UnixTime)> {
        let (timestamp_text, timestamp, hex) = super::header::split_one_signature(header)?;
        let mut signature = None;
        for (index, key) in self.keys.iter().enumerate() {
            let mut mac = key.clone();
            mac.update(timestamp_text);
            mac.update(b".");
            mac.update(payload);
            let tag = mac.finalize();
            let sig = match signature {
                Some(sig) => sig,
                None => *signature.insert(lanes(&super::header::decode_signature(hex)?)),
            };
            // One `ct_eq` of the lanes' differences, ORed: one optimization barrier instead of
            // the slice comparison's five, still no branch on the bytes before the verdict.
            let difference = sig
                .iter()
                .zip(lanes(&tag))
                .fold(0u64, |difference, (a, b)| difference | (a ^ b));
            if bool::from(difference.ct_eq(&0)) {
                let timestamp = UnixTime::from_secs(timestamp);
                return (timestamp.abs_diff(now) <= self.tolerance).then_some((index, timestamp));
            }
        }
        None
    }

    /// [`Verifier::verify_signature`] with the HMAC-SHA256 computed by `backend` (see
    /// [`MacBackend`]): the same rules, order, results and errors; only the primitive differs.
    /// Secret #i of `backend` must be this verifier's secret #i.
    ///
    /// ```
    /// use kinetic_flow_core::{__bindings::MacBackend, webhook::{sign, Verifier}};
    /// use kinetic_flow_core::UnixTime;
    /// struct Wrong;
    /// impl MacBackend for Wrong {
    ///     fn hmac_sha256(&self, _: usize, _: &[&[u8]]) -> Option<[u8; 32]> { Some([0; 32]) }
    /// }
    /// let header = sign(b"{}", &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
    /// let v = Verifier::new(&["whsec_a"]).unwrap();
    /// let (header, now) = (header.as_bytes(), UnixTime::from_secs(1000));
    /// assert_eq!(v.verify_signature_with(&v, b"{}", header, now).unwrap(), (0, now));
    /// let err = v.verify_signature_with(&Wrong, b"{}", header, now).unwrap_err();
    /// assert_eq!(err.code(), "signature_mismatch");
    /// ```
    #[doc(hidden)]
    pub fn verify_signature_with(
        &self,
        backend: &dyn MacBackend,
        payload: &[u8],
        header: &[u8],
        now: UnixTime,
    ) -> Result<(usize, UnixTime), WebhookError> {
        let parsed = SignatureHeader::parse(header)?;
        let index = self
            .matching_secret(backend, &parsed, payload)
            .ok_or_else(|| WebhookError::SignatureMismatch {
                hints: self.mismatch_hints(backend, &parsed, payload),
            })?;
        if parsed.timestamp().abs_diff(now) > self.tolerance {
            return Err(WebhookError::TimestampOutsideTolerance {
                timestamp: parsed.timestamp(),
                now,
                tolerance: self.tolerance,
            });
        }
        Ok((index, parsed.timestamp()))
    }

    /// Verifies a delivery and parses its event: header, then signature, then time, then body.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::{sign, Verifier};
    /// use kinetic_flow_core::UnixTime;
    /// let body = br#"{"id":"evt_1","type":"payment.failed","data":{"object":{}}}"#;
    /// let header = sign(body, &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
    /// let v = Verifier::new(&["whsec_a"]).unwrap();
    /// assert_eq!(v.verify(body, &header, UnixTime::from_secs(1000)).unwrap().event.event_type.as_str(), "payment.failed");
    /// assert_eq!(v.verify(body, &header, UnixTime::from_secs(1301)).unwrap_err().code(), "timestamp_outside_tolerance");
    /// ```
    pub fn verify(
        &self,
        payload: &[u8],
        header: impl AsRef<[u8]>,
        now: impl Into<UnixTime>,
    ) -> Result<Verified, WebhookError> {
        let (secret_index, timestamp) = self.verify_signature(payload, header, now)?;
        Ok(Verified {
            event: Event::parse(payload)?,
            secret_index,
            timestamp,
        })
    }

    /// use kinetic_flow_core::UnixTime;
    /// [`Verifier::verify`] with `now` read from the system clock ([`UnixTime::now`]).
    ///
    /// ```
    /// use kinetic_flow_core::{webhook::{sign, Verifier}, UnixTime};
    /// let body = br#"{"id":"evt_1","type":"payment.created","data":{"object":{}}}"#;
    /// let header = sign(body, &["whsec_a"], UnixTime::now()).unwrap();
    /// assert!(Verifier::new(&["whsec_a"]).unwrap().verify_now(body, &header).is_ok());
    /// ```
    #[cfg(all(
        feature = "clock",
        not(all(target_arch = "wasm32", target_os = "unknown"))
    ))]
    #[cfg_attr(docsrs, doc(cfg(feature = "clock")))]
    pub fn verify_now(
        &self,
        payload: &[u8],
        header: impl AsRef<[u8]>,
    ) -> Result<Verified, WebhookError> {
        self.verify(payload, header, UnixTime::now())
    }

    pub(super) fn mac(key: &HmacSha256, timestamp_text: &str, payload: &[u8]) -> HmacSha256 {
        let mut mac = key.clone();
        mac.update(timestamp_text.as_bytes());
        mac.update(b".");
        mac.update(payload);
        mac
    }

    /// Index of the first secret for which some `v1` matches. The signed bytes are `t` as
    /// written, `.`, the raw body. The comparison is constant-time: `subtle`'s `ct_eq`, as in
    /// `Mac::verify_slice` (which needs the MAC state; a [`MacBackend`] only gives the tag).
    pub(super) fn matching_secret(
        &self,
        backend: &dyn MacBackend,
        header: &SignatureHeader<'_>,
        payload: &[u8],
    ) -> Option<usize> {
        let signed = super::seam::signed(header, payload);
        (0..self.keys.len()).find(|&index| {
            backend.hmac_sha256(index, &signed).is_some_and(|tag| {
                let tag = lanes(&tag);
                header
                    .signatures
                    .as_slice()
                    .iter()
                    .any(|sig| bool::from(lanes(sig).ct_eq(&tag)))
            })
        })
    }

    /// Only on the failure path: look for evidence of the usual mistakes. (Not `#[cold]`/
    /// `#[inline(never)]`: measured 58 B larger in the webhooks-only module, BENCHMARKS.md.)
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
        } else if looks_base64_json(payload) {
            hints.push(MismatchHint::Base64Body);
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

/// A tag as four 64-bit lanes, for `subtle`'s slice `ct_eq`: the same constant-time comparison
/// as `CtOutput`'s byte by byte, with 4 optimization barriers instead of 32 (BENCHMARKS.md).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn lanes(tag: &[u8; 32]) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (lane, bytes) in out.iter_mut().zip(tag.chunks_exact(8)) {
        let mut word = [0u8; 8];
        word.copy_from_slice(bytes);
        *lane = u64::from_le_bytes(word);
    }
    out
}

/// Pretty-printed JSON: an object or array whose first line break is followed by indentation.
fn looks_pretty_printed(text: &str) -> bool {
    // What `trim_start` leaves: `trim` starts at the same place (so the wasm module has one
    // trimming routine, `check_secret`'s, instead of two); all-whitespace text has no `{`.
    let start = (text.trim().as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let t = text.as_bytes().get(start..).unwrap_or_default();
    // Slice patterns, not `text::find_bytes`: that search calls `memcmp` at every position, which
    // made a forged 16 KiB delivery ~5x the cost of a good one (BENCHMARKS.md, session 4).
    (t.starts_with(b"{") || t.starts_with(b"["))
        && (t.windows(2).any(|w| matches!(w, [b'\n', b' ' | b'\t']))
            || t.windows(3).any(|w| matches!(w, [b'"', b':', b' '])))
}

/// Standard base64 (padded, as API Gateway and Function URLs encode bodies) whose first bytes
/// decode to a JSON object or array: `{"` is `eyJ`, `[{` is `W3s`, `{\n` is `ewo`.
fn looks_base64_json(payload: &[u8]) -> bool {
    fn sextet(b: u8) -> Option<u8> {
        match b {
            b'A'..=b'Z' => Some(b - b'A'),
            b'a'..=b'z' => Some(b - b'a' + 26),
            b'0'..=b'9' => Some(b - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let data = payload
        .strip_suffix(b"==")
        .or_else(|| payload.strip_suffix(b"="))
        .unwrap_or(payload);
    let first = match (
        data.first().copied().and_then(sextet),
        data.get(1).copied().and_then(sextet),
    ) {
        (Some(a), Some(b)) => (a << 2) | (b >> 4),
        _ => return false,
    };
    payload.len() >= 8
        && payload.len() % 4 == 0
        && data.iter().all(|&b| sextet(b).is_some())
        && (first == b'{' || first == b'[')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::{sign, verify, DEFAULT_TOLERANCE};
    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment.completed","data":{"object":{}}}"#;

    proptest::proptest! {
        /// The lane comparison says what a byte comparison says, for equal tags, tags that
        /// differ in one byte (each position, each bit) and random ones.
        #[test]
        fn lane_comparison_is_byte_equality(
            a in proptest::prelude::any::<[u8; 32]>(),
            b in proptest::prelude::any::<[u8; 32]>(),
            position in 0usize..32,
            bit in 0u8..8,
        ) {
            let mut flipped = a;
            flipped[position] ^= 1 << bit;
            for other in [a, b, flipped] {
                let same = bool::from(lanes(&a).ct_eq(&lanes(&other)));
                proptest::prop_assert_eq!(same, a == other);
            }
        }
    }

    proptest::proptest! {
        /// The native success path gives what the general path gives, whenever it answers (and
        /// `verify_signature` as a whole gives what the general path gives, errors included);
        /// it answers for every good one-signature delivery.
        #[test]
        fn native_success_path_is_the_general_path(
            secrets in proptest::collection::vec("whsec_[a-z0-9]{1,12}", 1..4),
            signer in 0usize..4,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            t in 0i64..2_000_000_000,
            skew in -400i64..400,
            upper in proptest::prelude::any::<bool>(),
            flip in proptest::option::of((proptest::prelude::any::<proptest::sample::Index>(), 0x20u8..0x7f)),
        ) {
            let v = Verifier::new(&secrets).unwrap();
            let signing = secrets.get(signer).map_or("whsec_other", String::as_str);
            let mut header = sign(&body, &[signing], UnixTime::from_secs(t)).unwrap();
            if upper {
                header = header.replace("v1=", "V1=").to_uppercase().replace("V1=", "v1=").replace('T', "t");
            }
            if let Some((pos, byte)) = flip {
                let mut bytes = header.into_bytes();
                let i = pos.index(bytes.len());
                bytes[i] = byte;
                header = String::from_utf8(bytes).unwrap();
            }
            let now = UnixTime::from_secs(t + skew);
            let general = v.verify_signature_with(&v, &body, header.as_bytes(), now);
            if let Some(fast) = v.verify_one_signature(&body, header.as_bytes(), now) {
                proptest::prop_assert_eq!(Ok(fast), general.clone());
            } else if flip.is_none() && signer < secrets.len() && skew.abs() <= 300 {
                proptest::prop_assert!(false, "no answer for a good delivery: {header}");
            }
            proptest::prop_assert_eq!(v.verify_signature(&body, &header, now), general);
        }
    }

    #[test]
    fn tolerance_bounds_are_inclusive_and_overflow_safe() {
        let header = sign(BODY, &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
        let v = Verifier::new(&["whsec_a"]).unwrap();
        assert!(v.verify(BODY, &header, UnixTime::from_secs(1300)).is_ok());
        assert!(v.verify(BODY, &header, UnixTime::from_secs(700)).is_ok());
        assert!(v.verify(BODY, &header, UnixTime::from_secs(1301)).is_err());
        assert!(v.verify(BODY, &header, UnixTime::from_secs(699)).is_err());
        let e = v
            .verify(BODY, &header, UnixTime::from_secs(i64::MIN))
            .unwrap_err();
        assert_eq!(e.code(), "timestamp_outside_tolerance");
        let e = v
            .verify(BODY, &header, UnixTime::from_secs(i64::MAX))
            .unwrap_err();
        assert_eq!(e.code(), "timestamp_outside_tolerance");
    }

    #[test]
    fn hints_follow_the_evidence() {
        let pretty = b"{\n  \"id\": \"evt_1\"\n}";
        let header = sign(BODY, &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
        let hints = |body: &[u8]| match verify(
            body,
            &header,
            &["whsec_a"],
            UnixTime::from_secs(1000),
            DEFAULT_TOLERANCE,
        ) {
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
        // base64 of BODY, as AWS Lambda hands over a body it encoded (isBase64Encoded).
        let b64 =
            b"eyJpZCI6ImV2dF8xIiwidHlwZSI6InBheW1lbnQuY29tcGxldGVkIiwiZGF0YSI6eyJvYmplY3QiOnt9fX0=";
        assert_eq!(hints(b64), vec![MismatchHint::Base64Body]);
        assert_eq!(hints(b"aGVsbG8gd29ybGQh"), vec![]); // base64, but not of JSON
        assert_eq!(hints(b"eyJpZCI6ImV2dF8x!"), vec![]); // not base64
        let unprefixed = sign(BODY, &["a"], UnixTime::from_secs(1000)).unwrap();
        match verify(
            BODY,
            &unprefixed,
            &["whsec_a"],
            UnixTime::from_secs(1000),
            DEFAULT_TOLERANCE,
        ) {
            Err(WebhookError::SignatureMismatch { hints }) => {
                assert_eq!(hints, vec![MismatchHint::SecretPrefix])
            }
            other => panic!("{other:?}"),
        }
    }

    /// The byte-level test says what the `str` one it replaced said (`trim_start`, `contains`).
    #[test]
    fn pretty_printing_is_recognised_as_before() {
        let reference = |text: &str| {
            let t = text.trim_start();
            (t.starts_with('{') || t.starts_with('['))
                && (t.contains("\n ") || t.contains("\n\t") || t.contains("\": "))
        };
        for text in [
            "{\n  \"id\": 1\n}",
            " \u{a0}\n[\n\t1]",
            "{\"id\":1}\n ",
            "{\"id\":1}",
            "\u{2003}{\"a\": 1}\u{2003}",
            "x{\n }",
            "",
            " \n ",
            "[\"\u{e9}\": 1]",
            "{\"a\":1}\n\t",
            "[1]\": ",
            "{\"a\":1}\n",
            "{\": ",
        ] {
            assert_eq!(looks_pretty_printed(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn milliseconds_now_is_named_in_the_message() {
        let header = sign(BODY, &["whsec_a"], UnixTime::from_secs(1_776_244_442)).unwrap();
        let v = Verifier::new(&["whsec_a"]).unwrap();
        let e = v
            .verify(BODY, &header, UnixTime::from_secs(1_776_244_442_123))
            .unwrap_err();
        assert!(e.to_string().contains("milliseconds"), "{e}");
        let e = v
            .verify(BODY, &header, UnixTime::from_secs(1_776_244_442 + 301))
            .unwrap_err();
        assert!(!e.to_string().contains("milliseconds"), "{e}");
    }

    #[test]
    fn debug_hides_secrets() {
        let v = Verifier::new(&["whsec_very_secret_value"]).unwrap();
        let d = format!("{v:?}");
        assert!(!d.contains("very_secret"), "{d}");
        assert!(d.contains("1 redacted"));
    }
}
