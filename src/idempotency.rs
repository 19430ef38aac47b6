//! Idempotency keys: the one [`IdempotencyKey`] rule, random and derived keys. (A payment's
//! request fingerprint, what the API compares when a key is reused, is
//! `payment::fingerprint`.)
//!
//! - [`generate`]: a random key, `idk_` + 32 lowercase hex digits of 16 caller-supplied bytes.
//! - [`derive()`]: a deterministic key for "do this exactly once" (pay invoice `inv_001`), the
//!   same in every runtime and across restarts.
//!
//! ## `derive`, byte by byte
//!
//! ```text
//! input  = "kinetic-flow-core/idempotency-key/v1"        (36 ASCII bytes, the domain tag)
//!       || u64_be(len(scope))     || scope               (UTF-8 bytes, length in bytes)
//!       || u64_be(len(reference)) || reference           (UTF-8 bytes, length in bytes)
//! key    = "idk_" || lowercase_hex(SHA-256(input))[0..32]
//! ```
//!
//! The lengths make `("a", "bc")` and `("ab", "c")` different inputs; the tag keeps these
//! hashes apart from any other use of SHA-256 over the same strings. Strings are hashed as
//! given: no Unicode normalization, no trimming.
//!
use std::fmt;
use std::str::FromStr;

use crate::sha256::Sha256;
use serde::Serialize;

use crate::digits::write_hex;
use crate::FieldError;

/// The code of a malformed key (`payment::code::INVALID_IDEMPOTENCY_KEY` names it too).
pub(crate) const INVALID_KEY_CODE: &str = "invalid_idempotency_key";

/// The domain tag that starts every [`derive()`] input.
pub const DERIVE_DOMAIN_TAG: &str = "kinetic-flow-core/idempotency-key/v1";

/// Longest idempotency key, in characters.
pub const MAX_KEY_LEN: usize = 255;

/// An idempotency key: 1 to 255 printable ASCII characters (0x21 to 0x7E; no spaces).
///
/// ```
/// use kinetic_flow_core::idempotency::IdempotencyKey;
/// let k = IdempotencyKey::parse("pay_abc123").unwrap();
/// assert_eq!(k.as_str(), "pay_abc123");
/// assert_eq!(k.to_string(), "pay_abc123");
/// assert_eq!(IdempotencyKey::parse("has space").unwrap_err().code, "invalid_idempotency_key");
/// let k: IdempotencyKey = "order-42".parse().unwrap(); // FromStr, same rules
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Parses a key; errors are `invalid_idempotency_key` on `param` `idempotency_key`.
    ///
    /// ```
    /// use kinetic_flow_core::idempotency::IdempotencyKey;
    /// assert!(IdempotencyKey::parse("~!").is_ok());
    /// assert!(IdempotencyKey::parse("").is_err());
    /// assert!(IdempotencyKey::parse(&"k".repeat(256)).is_err());
    /// assert!(IdempotencyKey::parse("clé").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<IdempotencyKey, FieldError> {
        let b = s.as_bytes();
        if b.is_empty() || b.len() > MAX_KEY_LEN {
            return Err(FieldError::new(
                "idempotency_key",
                INVALID_KEY_CODE,
                crate::text::cat(&[
                    "idempotency_key must be 1 to 255 characters; got ",
                    &crate::digits::num(s.chars().count() as u64),
                    ".",
                ]),
            ));
        }
        if !b.iter().all(|c| (0x21..=0x7e).contains(c)) {
            return Err(FieldError::new(
                "idempotency_key",
                INVALID_KEY_CODE,
                "idempotency_key must be printable ASCII (0x21 to 0x7E): no spaces, control or non-ASCII characters.",
            ));
        }
        Ok(IdempotencyKey(s.to_string()))
    }

    /// The key.
    ///
    /// ```
    /// use kinetic_flow_core::idempotency::generate;
    /// assert!(generate([7; 16]).as_str().starts_with("idk_"));
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for IdempotencyKey {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<IdempotencyKey, FieldError> {
        IdempotencyKey::parse(s)
    }
}

/// A fresh key from 16 random bytes: `idk_` + 32 lowercase hex digits.
///
/// The core has no randomness: pass bytes from a CSPRNG (`getrandom`, `rand::random()`,
/// `crypto.getRandomValues`).
///
/// ```
/// use kinetic_flow_core::idempotency::generate;
/// let k = generate([0xab; 16]);
/// assert_eq!(k.as_str(), "idk_abababababababababababababababab");
/// ```
pub fn generate(random: [u8; 16]) -> IdempotencyKey {
    let mut key = String::with_capacity(36);
    key.push_str("idk_");
    write_hex(&random, &mut key);
    IdempotencyKey(key)
}

/// A deterministic key for one operation: the same `(scope, reference)` gives the same key in
/// every runtime, so a retry after a crash cannot pay twice. See the module docs for the
/// exact construction.
///
/// ```
/// use kinetic_flow_core::idempotency::derive;
/// let a = derive("invoice", "inv_001");
/// assert_eq!(a, derive("invoice", "inv_001"));
/// assert_ne!(derive("a", "bc"), derive("ab", "c"));
/// assert_eq!(a.as_str().len(), 4 + 32);
/// ```
pub fn derive(scope: &str, reference: &str) -> IdempotencyKey {
    let mut h = Sha256::default();
    h.update(DERIVE_DOMAIN_TAG.as_bytes());
    h.update(&(scope.len() as u64).to_be_bytes());
    h.update(scope.as_bytes());
    h.update(&(reference.len() as u64).to_be_bytes());
    h.update(reference.as_bytes());
    let digest = h.finalize();
    let mut key = String::with_capacity(36);
    key.push_str("idk_");
    write_hex(digest.get(..16).unwrap_or_default(), &mut key);
    IdempotencyKey(key)
}
