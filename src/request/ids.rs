//! Resource ids as types: [`PaymentId`] (`pay_…`) and [`EventId`] (`evt_…`), checked once.

use std::fmt;

use super::params::check_id;
use super::RequestError;

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
        #[doc = concat!("use kinetic_flow_core::request::", stringify!($name), ";")]
        #[doc = concat!("let id: ", stringify!($name), " = \"", $example, "\".parse()?;")]
        #[doc = concat!("assert_eq!(id.as_str(), \"", $example, "\");")]
        #[doc = concat!("assert_eq!(id.to_string(), \"", $example, "\");")]
        #[doc = concat!("let err = ", stringify!($name), "::parse(\"", $prefix, "a/b\").unwrap_err();")]
        /// assert_eq!(err.code(), "invalid_id");
        #[doc = concat!("let json = serde_json::json!(\"", $example, "\");")]
        #[doc = concat!("let back: ", stringify!($name), " = serde_json::from_value(json).unwrap();")]
        /// assert_eq!(back, id);
        #[doc = concat!("assert!(serde_json::from_value::<", stringify!($name), ">(serde_json::json!(\"x\")).is_err());")]
        /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id prefix.
            pub const PREFIX: &'static str = $prefix;

            /// Checks and wraps an id.
            pub fn parse(id: &str) -> Result<$name, RequestError> {
                check_id(id, $prefix, "id").map_err(|message| RequestError::InvalidId {
                    param: "id".to_owned(),
                    message,
                })?;
                Ok($name(id.to_owned()))
            }

            /// The id.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = RequestError;
            fn from_str(s: &str) -> Result<$name, RequestError> {
                $name::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = RequestError;
            fn try_from(s: &str) -> Result<$name, RequestError> {
                $name::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = RequestError;
            fn try_from(s: String) -> Result<$name, RequestError> {
                $name::parse(&s)
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
                let s = String::deserialize(d)?;
                $name::parse(&s).map_err(serde::de::Error::custom)
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
