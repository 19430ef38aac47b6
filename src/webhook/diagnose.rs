//! A delivery diagnosed step by step, for tools that explain a failure to a person (the
//! `kinetic verify` command): the verdict is exactly the one-shot [`verify`]'s,
//! and the steps behind it are the same rules, each reported on its own.

use crate::secret;
use std::time::Duration;

use super::MalformedReason;
use super::{
    verify, MismatchHint, SecretProblem, SignatureHeader, Verified, Verifier, WebhookError,
};
use crate::UnixTime;

/// What the header holds, once it parses.
///
/// ```
/// use std::time::Duration;
/// use kinetic_flow_core::webhook::{diagnose::diagnose, sign};
/// use kinetic_flow_core::UnixTime;
/// let header = sign(b"{}", &["whsec_a", "whsec_b"], UnixTime::from_secs(1000)).unwrap();
/// let d = diagnose(b"{}", &[header.as_bytes()], &["whsec_a"], UnixTime::from_secs(1000), Duration::from_secs(300));
/// let facts = d.header.unwrap();
/// assert_eq!((facts.timestamp.as_secs(), facts.signatures), (1000, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct HeaderFacts {
    /// The header's `t`.
    pub timestamp: UnixTime,
    /// How many `v1` signatures it carries (one per secret the sender signed with).
    pub signatures: usize,
}

/// The shape of a secret that verification accepts but that does not look like an endpoint's
/// signing secret (`whsec_` followed by the secret's characters).
///
/// ```
/// use std::time::Duration;
/// use kinetic_flow_core::webhook::{diagnose::{diagnose, Finding, SecretShape}, sign};
/// use kinetic_flow_core::UnixTime;
/// let header = sign(b"{}", &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
/// let d = diagnose(b"{}", &[header.as_bytes()], &["a"], UnixTime::from_secs(1000), Duration::from_secs(300));
/// assert!(d.findings.contains(&Finding::SecretShape { index: 0, shape: SecretShape::NoPrefix }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecretShape {
    /// It does not contain `whsec_` at all.
    NoPrefix,
    /// `whsec_` appears, but after other text (a stray `v1,`, a quote, a variable name).
    TextBeforePrefix,
    /// It holds a quote, a comma, or whitespace inside (a copy of more than the secret).
    StrayCharacters,
}

/// One piece of evidence about a delivery that failed.
///
/// ```
/// use std::time::Duration;
/// use kinetic_flow_core::webhook::{diagnose::{diagnose, Finding}, sign, MismatchHint};
/// use kinetic_flow_core::UnixTime;
/// let header = sign(b"{}", &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
/// let d = diagnose(b"", &[header.as_bytes()], &["whsec_a"], UnixTime::from_secs(1000), Duration::from_secs(300));
/// assert_eq!(d.findings, [Finding::Hint(MismatchHint::EmptyBody)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Finding {
    /// A hint the verification error carries (pretty-printed, base64, trailing newline, …).
    Hint(MismatchHint),
    /// The body holds JSON escapes the sender never writes (`\/`, or a `\u` escape of a
    /// printable character, as Python's `ensure_ascii` or Go's HTML-safe encoder write them):
    /// it was parsed and serialized again.
    Reserialized,
    /// Secret number `index` does not have the shape of a signing secret.
    SecretShape {
        /// Which secret, in the order given.
        index: usize,
        /// What is odd about it.
        shape: SecretShape,
    },
}

impl Finding {
    /// One sentence for a person.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::diagnose::Finding;
    /// assert!(Finding::Reserialized.describe().contains("serialized"));
    /// ```
    pub fn describe(&self) -> &'static str {
        match self {
            Finding::Hint(hint) => hint.describe(),
            Finding::Reserialized => {
                "The body holds JSON escapes the sender never writes (such as \\/ or \\u00e9): it was parsed and serialized again, so its bytes are not the ones signed."
            }
            Finding::SecretShape { shape, .. } => match shape {
                SecretShape::NoPrefix => {
                    "The secret does not start with whsec_: use the endpoint's whole signing secret, prefix included."
                }
                SecretShape::TextBeforePrefix => {
                    "The secret has text before whsec_ (a stray `v1,`, a quote or a variable name): use only the signing secret."
                }
                SecretShape::StrayCharacters => {
                    "The secret holds a quote, a comma or whitespace: copy only the signing secret."
                }
            },
        }
    }
}

/// A delivery diagnosed: each step's facts, and the verdict of [`verify`].
///
/// ```
/// use std::time::Duration;
/// use kinetic_flow_core::webhook::{diagnose::diagnose, sign};
/// use kinetic_flow_core::UnixTime;
/// let body = br#"{"id":"evt_1","type":"payment.created","data":{"object":{}}}"#;
/// let header = sign(body, &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
/// let d = diagnose(body, &[header.as_bytes()], &["whsec_b", "whsec_a"], UnixTime::from_secs(1400), Duration::from_secs(300));
/// assert_eq!((d.secrets.len(), d.matched, d.age_secs), (2, Some(1), Some(400)));
/// assert_eq!(d.result.unwrap_err().code(), "timestamp_outside_tolerance");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnosis {
    /// Step 1: the header, parsed (or why it does not parse).
    pub header: Result<HeaderFacts, WebhookError>,
    /// Step 2: each secret, in order: `None` when it is usable, else why it is refused.
    pub secrets: Vec<Option<SecretProblem>>,
    /// Step 3: which secret signed the body (its index), whatever the time; `None` when no
    /// signature matches (or the header or a secret is refused).
    pub matched: Option<usize>,
    /// Step 4: how far the header's `t` is from `now`, in seconds (positive: in the past).
    pub age_secs: Option<i64>,
    /// The tolerance the verdict used.
    pub tolerance: Duration,
    /// The verdict: what [`verify`] answers for these inputs.
    pub result: Result<Verified, WebhookError>,
    /// When the verdict is a `signature_mismatch`: the evidence, the error's hints first.
    pub findings: Vec<Finding>,
}

/// Diagnoses a delivery. `headers` holds every value of the request's `Kinetic-Signature`
/// header (none is `missing_signature_header`, more than one `malformed_signature_header`, as
/// a server sees them).
///
/// ```
/// use std::time::Duration;
/// use kinetic_flow_core::webhook::{sign, diagnose::{diagnose, Finding}};
/// use kinetic_flow_core::UnixTime;
/// let body = br#"{"id":"evt_1","type":"payment.created","data":{"object":{"note":"caf\u00e9"}}}"#;
/// let sent = r#"{"id":"evt_1","type":"payment.created","data":{"object":{"note":"café"}}}"#;
/// let header = sign(sent.as_bytes(), &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
/// let d = diagnose(body, &[header.as_bytes()], &["whsec_a"], UnixTime::from_secs(1010), Duration::from_secs(300));
/// assert_eq!(d.header.unwrap().signatures, 1);
/// assert_eq!(d.age_secs, Some(10));
/// assert_eq!(d.result.unwrap_err().code(), "signature_mismatch");
/// assert_eq!(d.findings, [Finding::Reserialized]);
/// ```
pub fn diagnose<S: AsRef<str>>(
    payload: &[u8],
    headers: &[&[u8]],
    secrets: &[S],
    now: impl Into<UnixTime>,
    tolerance: Duration,
) -> Diagnosis {
    let now = now.into();
    let header: Result<&[u8], WebhookError> = match headers {
        [] => Err(WebhookError::MissingSignatureHeader),
        [one] => Ok(one),
        [..] => Err(WebhookError::MalformedSignatureHeader {
            reason: MalformedReason::Repeated,
            header: String::new(),
        }),
    };
    let facts = header.clone().and_then(|h| {
        SignatureHeader::parse(h).map(|p| HeaderFacts {
            timestamp: p.timestamp(),
            signatures: p.signatures().len(),
        })
    });
    let secret_checks = secrets
        .iter()
        .map(|s| match Verifier::new(&[s.as_ref()]) {
            Err(WebhookError::InvalidSecret { problem, .. }) => Some(problem),
            _ => None,
        })
        .collect();
    // The signature alone: checked at the header's own time, so the tolerance cannot refuse it.
    let matched = match (&header, &facts) {
        (Ok(h), Ok(f)) => Verifier::new(secrets)
            .and_then(|v| v.verify_signature(payload, h, f.timestamp))
            .ok()
            .map(|(index, _)| index),
        _ => None,
    };
    let result = header.and_then(|h| verify(payload, h, secrets, now, tolerance));
    let mut findings = Vec::new();
    if let Err(WebhookError::SignatureMismatch { hints }) = &result {
        findings.extend(hints.iter().copied().map(Finding::Hint));
        if looks_reserialized(payload) {
            findings.push(Finding::Reserialized);
        }
        for (index, secret) in secrets.iter().enumerate() {
            if let Some(shape) = secret_shape(secret.as_ref()) {
                findings.push(Finding::SecretShape { index, shape });
            }
        }
    }
    Diagnosis {
        age_secs: facts
            .as_ref()
            .ok()
            .map(|f| now.as_secs().saturating_sub(f.timestamp.as_secs())),
        header: facts,
        matched,
        secrets: secret_checks,
        tolerance: Duration::from_secs(tolerance.as_secs()),
        result,
        findings,
    }
}

/// A secret that does not look like `whsec_…`.
fn secret_shape(secret: &str) -> Option<SecretShape> {
    let stray = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '`');
    match secret.find(secret::WEBHOOK_SECRET) {
        None => Some(SecretShape::NoPrefix),
        Some(0) if secret.contains(stray) => Some(SecretShape::StrayCharacters),
        Some(0) => None,
        Some(_) => Some(SecretShape::TextBeforePrefix),
    }
}

/// JSON escapes the sender (compact serialization, UTF-8 as is) never writes: `\/`, and `\u`
/// escapes of characters it writes literally (anything from U+0020 up).
fn looks_reserialized(payload: &[u8]) -> bool {
    let mut bytes = payload.iter().enumerate();
    while let Some((i, &b)) = bytes.next() {
        if b != b'\\' {
            continue;
        }
        match payload.get(i + 1) {
            Some(b'/') => return true,
            Some(b'u') => {
                let code = payload
                    .get(i + 2..i + 6)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u32::from_str_radix(h, 16).ok());
                if code.is_some_and(|c| c >= 0x20 && c != 0x22 && c != 0x5c) {
                    return true;
                }
            }
            _ => {}
        }
        // Skip the escaped character, so `\\u0041` is read as `\\` then text.
        bytes.next();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::webhook::sign;

    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment.failed","data":{"object":{}}}"#;
    const TOL: Duration = Duration::from_secs(300);

    #[test]
    fn each_failure_is_diagnosed() {
        let header = sign(BODY, &["whsec_a"], UnixTime::from_secs(1000)).unwrap();
        let h = [header.as_bytes()];
        let ok = diagnose(
            BODY,
            &h,
            &["whsec_x", "whsec_a"],
            UnixTime::from_secs(1000),
            TOL,
        );
        assert_eq!(ok.result.unwrap().secret_index, 1);
        assert_eq!(ok.matched, Some(1));
        assert_eq!(ok.secrets, [None, None]);

        let stale = diagnose(BODY, &h, &["whsec_a"], UnixTime::from_secs(5000), TOL);
        assert_eq!((stale.age_secs, stale.matched), (Some(4000), Some(0)));
        assert_eq!(
            stale.result.unwrap_err().code(),
            "timestamp_outside_tolerance"
        );

        let nl = [BODY, b"\n"].concat();
        let d = diagnose(&nl, &h, &["whsec_a"], UnixTime::from_secs(1000), TOL);
        assert_eq!(
            d.findings,
            [Finding::Hint(MismatchHint::TrailingWhitespace)]
        );

        let d = diagnose(BODY, &h, &["v1,whsec_a"], UnixTime::from_secs(1000), TOL);
        assert_eq!(
            d.findings,
            [Finding::SecretShape {
                index: 0,
                shape: SecretShape::TextBeforePrefix
            }]
        );
        let d = diagnose(BODY, &h, &["a"], UnixTime::from_secs(1000), TOL);
        assert_eq!(
            d.findings,
            [
                Finding::Hint(MismatchHint::SecretPrefix),
                Finding::SecretShape {
                    index: 0,
                    shape: SecretShape::NoPrefix
                }
            ]
        );
        let d = diagnose(BODY, &h, &["sk_test_abc"], UnixTime::from_secs(1000), TOL);
        assert_eq!(d.secrets, [Some(SecretProblem::ApiKey)]);
        assert_eq!(d.result.unwrap_err().code(), "invalid_secret");

        let d = diagnose(BODY, &[], &["whsec_a"], UnixTime::from_secs(1000), TOL);
        assert_eq!(d.result.unwrap_err().code(), "missing_signature_header");
        let d = diagnose(
            BODY,
            &[b"t=1", b"t=2"],
            &["whsec_a"],
            UnixTime::from_secs(1000),
            TOL,
        );
        assert_eq!(d.result.unwrap_err().code(), "malformed_signature_header");
        assert!(d.header.is_err());
    }

    #[test]
    fn reserialized_escapes() {
        assert!(looks_reserialized(br#"{"u":"https:\/\/x"}"#));
        assert!(looks_reserialized(br#"{"n":"caf\u00e9"}"#));
        assert!(looks_reserialized(br#"{"n":"\u003c"}"#));
        assert!(!looks_reserialized(br#"{"n":"\u0001\n\"\\"}"#));
        assert!(!looks_reserialized(br#"{"n":"\\u0041"}"#));
        assert!(!looks_reserialized(b"\\u12"));
        assert!(!looks_reserialized(b"\\"));
    }
}
