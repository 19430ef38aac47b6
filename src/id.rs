//! Resource ids as types, checked once by one rule: [`PaymentId`] (`pay_…`), [`RefundId`]
//! (`re_…`), [`TokenId`] (`tok_…`), [`PayoutId`] (`po_…`) and [`EventId`] (`evt_…`): the
//! prefix, then 1 to 255 ASCII letters or digits, so an id is always safe in a URL path. A
//! malformed id is an [`IdError`] (`invalid_id`), whose message names the field and never quotes
//! the value. (`kinetic_flow_core::request` re-exports these types under their former paths.)

use std::fmt;

/// The longest resource id accepted (`pay_…`, `evt_…`, `re_…`, `tok_…`, `po_…`), in bytes, prefix
/// included.
pub const MAX_ID_LEN: usize = 259;

/// A malformed resource id (`invalid_id`). The message names the field and the expected form,
/// and never quotes the id (it may be a secret pasted in the wrong place).
///
/// ```
/// use kinetic_flow_core::id::PaymentId;
/// let err = PaymentId::parse("sk_test_abc").unwrap_err();
/// assert_eq!(err.code(), "invalid_id");
/// assert_eq!(err.param(), "id");
/// assert!(err.to_string().starts_with("invalid id: id must be a payment id"));
/// assert!(!err.to_string().contains("sk_test_abc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdError {
    param: String,
    message: String,
}

impl IdError {
    /// The stable code: `invalid_id`.
    ///
    /// ```
    /// # use kinetic_flow_core::id::RefundId;
    /// assert_eq!(RefundId::parse("re_").unwrap_err().code(), "invalid_id");
    /// ```
    pub fn code(&self) -> &'static str {
        "invalid_id"
    }

    /// The field the id was given as (`id`, or a refund's `payment`).
    ///
    /// ```
    /// # use kinetic_flow_core::id::PayoutId;
    /// assert_eq!(PayoutId::parse("po_a b").unwrap_err().param(), "id");
    /// ```
    pub fn param(&self) -> &str {
        &self.param
    }

    /// What is wrong and the expected form; never the id itself.
    ///
    /// ```
    /// # use kinetic_flow_core::id::TokenId;
    /// let err = TokenId::parse("pay_1").unwrap_err();
    /// assert!(err.message().contains("looks like a payment id"));
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The field and the message, owned.
    ///
    /// ```
    /// # use kinetic_flow_core::id::EventId;
    /// let (param, message) = EventId::parse("").unwrap_err().into_parts();
    /// assert_eq!(param, "id");
    /// assert!(message.ends_with("; it is empty."));
    /// ```
    pub fn into_parts(self) -> (String, String) {
        (self.param, self.message)
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid id: {}", self.message)
    }
}

impl std::error::Error for IdError {}

macro_rules! resource_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $example:literal) => {
        $(#[$doc])*
        ///
        /// Parsing checks the prefix and then 1 to 255 ASCII letters or digits (code
        /// `invalid_id`), so a value of this type is always safe to put in a URL path. It has
        /// the standard conversions: `FromStr`, `TryFrom<String>`/`TryFrom<&str>`, `Display`,
        /// `AsRef<str>`, and serde (`Deserialize` validates).
        ///
        /// ```
        #[doc = concat!("use kinetic_flow_core::id::", stringify!($name), ";")]
        #[doc = concat!("let id: ", stringify!($name), " = \"", $example, "\".parse()?;")]
        #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
        #[doc = concat!("assert_eq!(id.to_string(), \"", $example, "\");")]
        #[doc = concat!("assert_eq!(id, \"", $example, "\"); // compares with a string")]
        #[doc = concat!("let err = ", stringify!($name), "::parse(\"", $prefix, "a/b\").unwrap_err();")]
        /// assert_eq!(err.code(), "invalid_id");
        #[doc = concat!("let json = serde_json::json!(\"", $example, "\");")]
        #[doc = concat!("let back: ", stringify!($name), " = serde_json::from_value(json).unwrap();")]
        /// assert_eq!(back, id);
        #[doc = concat!("assert!(serde_json::from_value::<", stringify!($name), ">(serde_json::json!(\"x\")).is_err());")]
        /// # Ok::<(), kinetic_flow_core::id::IdError>(())
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id prefix.
            pub const PREFIX: &'static str = $prefix;

            /// Checks and wraps an id.
            ///
            /// ```
            #[doc = concat!("use kinetic_flow_core::id::", stringify!($name), ";")]
            #[doc = concat!("assert!(", stringify!($name), "::parse(\"", $example, "\").is_ok());")]
            #[doc = concat!("assert!(", stringify!($name), "::parse(\"", $prefix, "\").is_err());")]
            /// ```
            pub fn parse(id: &str) -> Result<$name, IdError> {
                $name::parse_param(id, "id").map_err(|message| IdError {
                    param: "id".to_owned(),
                    message,
                })
            }

            /// [`parse`](Self::parse) for an id given as the field `param` (a refund's
            /// `payment`): the message names that field.
            pub(crate) fn parse_param(id: &str, param: &str) -> Result<$name, String> {
                check_id(id, $prefix, param)?;
                Ok($name(id.to_owned()))
            }

            /// The id.
            ///
            /// ```
            #[doc = concat!("use kinetic_flow_core::id::", stringify!($name), ";")]
            #[doc = concat!("let id = ", stringify!($name), "::parse(\"", $example, "\").unwrap();")]
            #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
            /// ```
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<$name, IdError> {
                $name::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<$name, IdError> {
                $name::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            /// Checks the id and keeps the `String` (no copy).
            fn try_from(s: String) -> Result<$name, IdError> {
                match check_id(&s, $prefix, "id") {
                    Ok(()) => Ok($name(s)),
                    Err(message) => Err(IdError {
                        param: "id".to_owned(),
                        message,
                    }),
                }
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                $name::try_from(String::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

resource_id!(
    /// A payment id, `pay_…`.
    PaymentId, "pay_", "pay_1a2b3c4d"
);
resource_id!(
    /// An event id, `evt_…`: de-duplicate webhook deliveries on it.
    EventId, "evt_", "evt_1a2b3c4d"
);
resource_id!(
    /// A refund id, `re_…`.
    RefundId, "re_", "re_1a2b3c4d"
);
resource_id!(
    /// A bank-account token, `tok_…`, as the API returns it (a [`Token`](crate::resource::Token)'s
    /// `id`). Paying to it goes through
    /// [`DestinationParams::token`](crate::payment::DestinationParams::token), which takes
    /// the same rule.
    TokenId, "tok_", "tok_1a2b3c4d"
);
resource_id!(
    /// A payout id, `po_…`.
    PayoutId, "po_", "po_1a2b3c4d"
);

/// The most ASCII letters or digits after an id's prefix: 255, which makes [`MAX_ID_LEN`] with
/// the longest prefix.
const MAX_ID_BODY: usize = MAX_ID_LEN - "pay_".len();

/// Checks a resource id: `prefix` then 1 to 255 ASCII letters or digits (so at most
/// [`MAX_ID_LEN`] bytes in all). The message names `param` and, when the id has another known
/// prefix, what it is; it never quotes the id.
pub(crate) fn check_id(id: &str, prefix: &str, param: &str) -> Result<(), String> {
    let what = |p: &str| match p {
        "pay_" => "a payment id",
        "evt_" => "an event id",
        "re_" => "a refund id",
        "tok_" => "a token",
        "po_" => "a payout id",
        _ => "an id",
    };
    let ok = id.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty()
            && rest.len() <= MAX_ID_BODY
            && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if ok {
        return Ok(());
    }
    let mut message = crate::text::cat(&[
        param,
        " must be ",
        what(prefix),
        " (\"",
        prefix,
        "\" followed by 1 to 255 ASCII letters or digits)",
    ]);
    const KNOWN: [(&str, &str); 8] = [
        ("pay_", "a payment id"),
        ("evt_", "an event id"),
        ("re_", "a refund id"),
        ("tok_", "a token"),
        ("po_", "a payout id"),
        ("idk_", "an idempotency key"),
        ("sk_", "an API key: never put it in a URL or a body"),
        (
            crate::secret::WEBHOOK_SECRET,
            "a webhook secret: never put it in a URL or a body",
        ),
    ];
    match KNOWN
        .iter()
        .find(|(p, _)| id.starts_with(p) && *p != prefix)
    {
        Some((_, other)) => {
            message.push_str("; this looks like ");
            message.push_str(other);
        }
        None if id.is_empty() => message.push_str("; it is empty"),
        None if id.starts_with(prefix) => message.push_str(
            "; it has nothing after the prefix, is too long, or has other characters (spaces, \
             slashes, punctuation)",
        ),
        None => {}
    }
    message.push('.');
    Err(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(check_id("pay_1", "pay_", "id").is_ok());
        assert!(check_id(&format!("pay_{}", "a".repeat(255)), "pay_", "id").is_ok());
        assert!(check_id(&format!("pay_{}", "a".repeat(256)), "pay_", "id").is_err());
        for bad in [
            "", "pay_", "pay_a-b", "pay_a/b", "pay_ä", "PAY_1", "pay_1 ", "re_1",
        ] {
            assert!(check_id(bad, "pay_", "id").is_err(), "{bad:?}");
        }
        let m = check_id("sk_test_secret1", "pay_", "id").unwrap_err();
        assert!(m.contains("API key") && !m.contains("secret1"), "{m}");
    }

    #[test]
    fn every_prefix_takes_1_to_255_after_it() {
        for prefix in ["pay_", "evt_", "re_", "tok_", "po_"] {
            let at_most = format!("{prefix}{}", "a".repeat(255));
            assert!(check_id(&at_most, prefix, "id").is_ok(), "{prefix}");
            let over = format!("{prefix}{}", "a".repeat(256));
            assert!(check_id(&over, prefix, "id").is_err(), "{prefix}");
            assert!(check_id(prefix, prefix, "id").is_err(), "{prefix}");
        }
        assert!(MAX_ID_BODY == 255 && MAX_ID_LEN == "pay_".len() + 255);
    }

    #[test]
    fn the_new_ids_name_their_kind_and_never_quote_the_value() {
        let m = RefundId::parse("pay_1").unwrap_err().to_string();
        assert!(
            m.contains("a refund id") && m.contains("looks like a payment id"),
            "{m}"
        );
        let m = TokenId::parse("tok_a/b").unwrap_err().to_string();
        assert!(
            m.contains("must be a token (\"tok_\"") && !m.contains("a/b"),
            "{m}"
        );
        let m = PayoutId::parse("whsec_topsecret").unwrap_err().to_string();
        assert!(
            m.contains("a payout id") && m.contains("webhook secret"),
            "{m}"
        );
        assert!(!m.contains("topsecret"), "{m}");
        // Each type its own prefix: a token is not a refund id.
        assert!(RefundId::parse("tok_1").is_err() && TokenId::parse("tok_1").is_ok());
        assert_eq!(PayoutId::parse("po_9").unwrap(), "po_9");
    }
}
