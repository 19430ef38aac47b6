//! The seam the npm binding crate uses for speed, and nothing else: [`MacBackend`] (the
//! HMAC-SHA256 primitive from the host) and [`PrefixVariants`] (the `whsec_` prefix hint for a
//! kept verifier). Not part of the public API: reached only through
//! `kinetic_flow_core::__bindings`, with no semver promise (ARCHITECTURE.md, "What the bindings
//! see"). Everything a backend could get wrong ends in `signature_mismatch`.

use crate::secret;

use super::{
    hmac_key, keyed, MismatchHint, SignatureHeader, Verifier, WebhookError, DEFAULT_TOLERANCE,
};

/// The HMAC-SHA256 primitive behind [`Verifier::verify_signature_with`], for a host with a faster
/// one (the npm package uses `node:crypto`'s native SHA-256 in Node; Stripe's SDK has the same
/// seam as its `CryptoProvider`). A backend only computes: which bytes are signed (`t`, `.`, the
/// raw body), which secrets are tried and in what order, the constant-time comparison, the
/// tolerance, the hints and the errors all stay in [`Verifier`].
///
/// The built-in backend is the [`Verifier`] itself (its keyed HMAC states).
///
/// ```
/// use kinetic_flow_core::{__bindings::MacBackend, webhook::Verifier};
/// let v = Verifier::new(&["whsec_a", "whsec_b"]).unwrap();
/// let tag = v.hmac_sha256(1, &[b"12", b".", b"{}"]).unwrap();
/// assert_eq!(Some(tag), v.hmac_sha256(1, &[b"12.{}"]));
/// assert_eq!(v.hmac_sha256(2, &[b"12.{}"]), None);
/// ```
pub trait MacBackend {
    /// HMAC-SHA256 of the concatenation of `parts`, keyed with secret number `secret_index` (in
    /// the order given to [`Verifier::new`], keyed with [`hmac_key`]). `None` when this backend
    /// has no such secret: the verifier then counts that secret as not matching (it never makes
    /// up a tag).
    fn hmac_sha256(&self, secret_index: usize, parts: &[&[u8]]) -> Option<[u8; 32]>;
}

impl MacBackend for Verifier {
    fn hmac_sha256(&self, secret_index: usize, parts: &[&[u8]]) -> Option<[u8; 32]> {
        let mut mac = self.keys.get(secret_index)?.clone();
        for part in parts {
            mac.update(part);
        }
        Some(mac.finalize())
    }
}

/// What a delivery's MACs are computed over: the parts [`Verifier::verify_signature_with`] hands
/// a [`MacBackend`] for `payload` under `header` (`t`, `.`, the body). For a host whose hash is
/// asynchronous (SubtleCrypto), which computes the MACs ahead of the verify and answers them
/// from a table. `None` when the header does not parse (the verify then says why).
///
/// ```
/// use kinetic_flow_core::__bindings::signed_parts;
/// let header = format!("t=12,v1={}", "0".repeat(64));
/// let parts = signed_parts(header.as_bytes(), b"{}").unwrap();
/// assert_eq!(parts.concat(), b"12.{}");
/// assert_eq!(signed_parts(b"v1=00", b"{}"), None);
/// ```
pub fn signed_parts<'a>(header: &'a [u8], payload: &'a [u8]) -> Option<[&'a [u8]; 3]> {
    SignatureHeader::parse(header)
        .ok()
        .map(|parsed| signed(&parsed, payload))
}

/// The signed content of `payload` under a parsed header, the one place it is put together.
pub(super) fn signed<'a>(header: &SignatureHeader<'a>, payload: &'a [u8]) -> [&'a [u8]; 3] {
    [header.timestamp_text, b".", payload]
}

/// Appends `err`'s statement (what `Display` prints) to `out`, without `core::fmt`: the npm
/// binding crates build their messages with it, so the webhooks-only wasm module links no
/// formatting machinery (BENCHMARKS.md, issue 14).
///
/// ```
/// use kinetic_flow_core::{__bindings::write_statement, webhook::WebhookError};
/// let mut out = String::from("> ");
/// write_statement(&WebhookError::MissingSignatureHeader, &mut out);
/// assert_eq!(out, "> The Kinetic-Signature header is missing or empty.");
/// ```
pub fn write_statement(err: &WebhookError, out: &mut String) {
    err.write_statement(out);
}

/// The `whsec_` prefix hint needs the secrets themselves, so it lives with the one-shot
/// function that has them (the keyed verifier keeps only HMAC states).
fn prefix_variant(secret: &str) -> String {
    match secret.strip_prefix(secret::WEBHOOK_SECRET) {
        Some(rest) => rest.to_owned(),
        None => {
            let mut prefixed = String::from(secret::WEBHOOK_SECRET);
            prefixed.push_str(secret);
            prefixed
        }
    }
}

/// What explains a `signature_mismatch` with [`MismatchHint::SecretPrefix`]: a verifier keyed
/// with each secret's `whsec_` prefix added or removed, for callers that keep a [`Verifier`] and
/// compute MACs with a [`MacBackend`] (the one-shot [`verify`](super::verify) uses it with the built-in one).
/// Never for accepting deliveries.
///
/// ```
/// use kinetic_flow_core::__bindings::PrefixVariants;
/// use kinetic_flow_core::webhook::{sign, MismatchHint, Verifier, WebhookError};
/// use kinetic_flow_core::UnixTime;
/// let header = sign(b"{}", &["abc"], UnixTime::from_secs(1000)).unwrap(); // signed without the prefix
/// let v = Verifier::new(&["whsec_abc"]).unwrap();
/// let err = v.verify_signature(b"{}", &header, UnixTime::from_secs(1000)).unwrap_err();
/// let (variants, secrets) = PrefixVariants::of(&["whsec_abc"]);
/// assert_eq!(secrets, ["abc"]);
/// let err = variants.add_hint(variants.verifier(), err, b"{}", header.as_bytes());
/// assert_eq!(err, WebhookError::SignatureMismatch { hints: vec![MismatchHint::SecretPrefix] });
/// ```
pub struct PrefixVariants(Verifier);

impl std::fmt::Debug for PrefixVariants {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PrefixVariants").field(&self.0).finish()
    }
}

impl PrefixVariants {
    /// The variants of `secrets`, in order, keyed, and as text (for a backend's own keys).
    pub fn of<S: AsRef<str>>(secrets: &[S]) -> (PrefixVariants, Vec<String>) {
        let variants: Vec<String> = secrets.iter().map(|s| prefix_variant(s.as_ref())).collect();
        let verifier = Verifier {
            // No variant keyed (an HMAC refusing a key: none does today) means no hint.
            keys: variants
                .iter()
                .map(|v| keyed(hmac_key(v)))
                .collect::<Option<_>>()
                .unwrap_or_default(),
            tolerance: DEFAULT_TOLERANCE,
        };
        (PrefixVariants(verifier), variants)
    }

    /// The keyed variants: the built-in backend for [`PrefixVariants::add_hint`].
    pub fn verifier(&self) -> &Verifier {
        &self.0
    }

    /// `err` with [`MismatchHint::SecretPrefix`] added when it is a `signature_mismatch` and the
    /// header's signature matches `payload` under some variant (MACs by `backend`, whose secret
    /// #i must be variant #i); any other error unchanged.
    pub fn add_hint(
        &self,
        backend: &dyn MacBackend,
        err: WebhookError,
        payload: &[u8],
        header: &[u8],
    ) -> WebhookError {
        match err {
            WebhookError::SignatureMismatch { mut hints } => {
                let prefix_matches = SignatureHeader::parse(header).is_ok_and(|parsed| {
                    self.0.matching_secret(backend, &parsed, payload).is_some()
                });
                if prefix_matches {
                    hints.push(MismatchHint::SecretPrefix);
                }
                WebhookError::SignatureMismatch { hints }
            }
            other => other,
        }
    }
}
