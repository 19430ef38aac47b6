//! [`ApiKey`] and its [`Mode`]: the only way to a key.

use crate::secret;
use std::fmt;

use serde::Serialize;

use super::error::invalid_key;
use super::{RequestError, MAX_API_KEY_LEN};

/// Whether a key works on test (sandbox) data or on live money.
///
/// ```
/// use kinetic_flow_core::request::{ApiKey, Mode};
/// assert_eq!(ApiKey::parse("sk_live_abc").unwrap().mode(), Mode::Live);
/// assert_eq!(Mode::Test.as_str(), "test");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// `sk_test_…`: sandbox, no money moves.
    Test,
    /// `sk_live_…`: production.
    Live,
}

impl Mode {
    /// `"test"` or `"live"`.
    ///
    /// ```
    /// use kinetic_flow_core::request::Mode;
    /// assert_eq!(Mode::Live.as_str(), "live");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Test => "test",
            Mode::Live => "live",
        }
    }

    pub(super) fn prefix(self) -> &'static str {
        match self {
            Mode::Test => secret::TEST_KEY,
            Mode::Live => secret::LIVE_KEY,
        }
    }
}

/// A secret API key: `sk_test_` or `sk_live_` followed by ASCII letters and digits.
///
/// It cannot be printed: `Debug` shows `ApiKey(sk_test_…redacted)`, there is no `Display`, and
/// its errors never quote it.
///
/// ```
/// use kinetic_flow_core::request::{ApiKey, Mode};
/// let key = ApiKey::parse("sk_test_4eC39HqLyjWDarjtT1zdp7dc").unwrap();
/// assert_eq!(key.mode(), Mode::Test);
/// assert_eq!(format!("{key:?}"), "ApiKey(sk_test_…redacted)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub(super) key: String,
    pub(super) mode: Mode,
}

impl ApiKey {
    /// Parses a secret API key; anything else is `invalid_api_key`, with a message that says
    /// what the value looks like (a webhook secret, a publishable key, …) without quoting it.
    ///
    /// ```
    /// use kinetic_flow_core::request::ApiKey;
    /// assert!(ApiKey::parse("sk_live_51HxYz").is_ok());
    /// for bad in ["", "sk_test_", "sk_test_abc\n", "pk_test_abc", "whsec_abc", "Bearer sk_test_abc", "sk_test_a_b"] {
    ///     assert_eq!(ApiKey::parse(bad).unwrap_err().code(), "invalid_api_key", "{bad:?}");
    /// }
    /// ```
    pub fn parse(key: &str) -> Result<ApiKey, RequestError> {
        const WANT: &str = "a secret API key starts with sk_test_ (sandbox) or sk_live_ \
                            (production), as shown in the dashboard";
        if key.trim().is_empty() {
            return Err(invalid_key(crate::text::cat(&[
                "the API key is empty: set it (e.g. from KINETIC_API_KEY); ",
                WANT,
                ".",
            ])));
        }
        if key.trim() != key {
            return Err(invalid_key(
                "the API key has leading or trailing whitespace (often a newline from a file or \
                 an environment variable): trim it.",
            ));
        }
        let lower_start = |p: &str| {
            key.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        };
        let (mode, rest) = if let Some(rest) = key.strip_prefix(secret::TEST_KEY) {
            (Mode::Test, rest)
        } else if let Some(rest) = key.strip_prefix(secret::LIVE_KEY) {
            (Mode::Live, rest)
        } else {
            let hint = if lower_start("bearer ") {
                "pass the key alone, without \"Bearer \": the client adds it".to_owned()
            } else if key.starts_with(secret::WEBHOOK_SECRET) {
                crate::text::cat(&[
                    "this is a webhook signing secret (whsec_…), not an API key; ",
                    WANT,
                ])
            } else if key.starts_with("pk_") {
                crate::text::cat(&[
                    "this looks like a publishable key (pk_…), which cannot call the API; ",
                    WANT,
                ])
            } else if key.starts_with("rk_") {
                crate::text::cat(&[
                    "this looks like a restricted key (rk_…), which this client does not accept; ",
                    WANT,
                ])
            } else if lower_start(secret::TEST_KEY) || lower_start(secret::LIVE_KEY) {
                "the prefix must be lowercase: sk_test_ or sk_live_".to_owned()
            } else if key.starts_with("sk_") {
                crate::text::cat(&["unknown key mode after sk_; ", WANT])
            } else {
                crate::text::cat(&["this is not a Kinetic secret key; ", WANT])
            };
            return Err(invalid_key(crate::text::cat(&[&hint, "."])));
        };
        let prefix = mode.prefix();
        if rest.is_empty() {
            return Err(invalid_key(crate::text::cat(&[
                "the API key has nothing after ",
                prefix,
                ": copy the whole key from the dashboard.",
            ])));
        }
        if key.len() > MAX_API_KEY_LEN {
            return Err(invalid_key(crate::text::cat(&[
                "the API key is ",
                &crate::digits::num(key.len() as u64),
                " bytes long, more than ",
                &crate::digits::num(MAX_API_KEY_LEN as u64),
                ": check that only the \
                 key was copied.",
            ])));
        }
        if let Some(pos) = rest.bytes().position(|b| !b.is_ascii_alphanumeric()) {
            return Err(invalid_key(crate::text::cat(&[
                "the API key has a character other than an ASCII letter or digit at position ",
                &crate::digits::num((prefix.len() + pos + 1) as u64),
                " \
                 (after ",
                prefix,
                " only letters and digits are allowed): copy the key again.",
            ])));
        }
        Ok(ApiKey {
            key: key.to_owned(),
            mode,
        })
    }

    /// The key's mode: test or live.
    ///
    /// ```
    /// use kinetic_flow_core::request::{ApiKey, Mode};
    /// assert_eq!(ApiKey::parse("sk_test_x1").unwrap().mode(), Mode::Test);
    /// ```
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// `sk_test_…redacted` or `sk_live_…redacted`: how the key appears in any output.
    ///
    /// ```
    /// use kinetic_flow_core::request::ApiKey;
    /// assert_eq!(ApiKey::parse("sk_live_x1").unwrap().redacted(), "sk_live_…redacted");
    /// ```
    pub fn redacted(&self) -> &'static str {
        match self.mode {
            Mode::Test => "sk_test_…redacted",
            Mode::Live => "sk_live_…redacted",
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_messages_name_the_problem() {
        let msg = |k: &str| ApiKey::parse(k).unwrap_err().to_string();
        assert!(msg("pk_live_abc").contains("publishable"));
        assert!(msg("whsec_abc").contains("webhook signing secret"));
        assert!(msg("Bearer sk_test_abc").contains("without \"Bearer \""));
        assert!(msg("SK_TEST_abc").contains("lowercase"));
        assert!(msg("sk_test_abc\n").contains("whitespace"));
        assert!(msg("sk_test_").contains("nothing after sk_test_"));
        assert!(msg("sk_test_ab-c").contains("position 11"));
        assert!(msg(&format!("sk_test_{}", "a".repeat(300))).contains("more than 255"));
    }
}
