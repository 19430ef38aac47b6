//! Payment request validation (`POST /v1/payments`).
//!
//! [`validate`] takes the JSON body a caller is about to send and returns either a
//! [`ValidPayment`] (every field parsed into a value type, [`ValidPayment::to_json`] the
//! normalized wire body) or **every** problem at once as [`FieldError`]s in field order.
//!
//! ```
//! use kinetic_flow_core::payment::validate;
//! use serde_json::json;
//!
//! // Five mistakes, five errors, in field order.
//! let errors = validate(&json!({
//!     "amount": 25000.5,
//!     "currency": "dollars",
//!     "rail": "instant",
//!     "destination": { "routing_number": "021000022", "account_number": "****7890" },
//! })).unwrap_err();
//! let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.param.as_str(), e.code)).collect();
//! assert_eq!(got, [
//!     ("amount", "invalid_type"),
//!     ("currency", "invalid_currency"),
//!     ("rail", "invalid_rail"),
//!     ("destination.routing_number", "routing_number_checksum"),
//!     ("destination.account_number", "masked_account_number"),
//! ]);
//! ```
//!
//! The params of the payment's siblings are checked here too, by the same value types:
//! refunds ([`validate_refund`], [`CreateRefund`] → [`ValidRefund`]) and bank-account tokens
//! ([`validate_token`], [`CreateToken`] → [`ValidToken`]).
//!
//! Module map: `rail` (the [`Rail`] enum and the one [`RailLimits`] table), `value`
//! ([`Amount`], [`Currency`]), `destination` ([`RoutingNumber`], [`AccountNumber`], [`Token`],
//! [`Destination`]), `metadata` ([`Metadata`]), `validate` (the one pass over the JSON,
//! [`ValidPayment`], the typed [`CreatePayment`]), `refund` and `tokenize` (the same for
//! `POST /v1/refunds` and `POST /v1/tokens`), `fields` (reading a params object: unknown
//! fields, `idempotency_key`), `suggest` ("did you mean").
//! The error codes are the constants of [`code`].

mod destination;
mod fields;
mod fingerprint;
mod metadata;
mod rail;
mod refund;
mod suggest;
mod tokenize;
mod validate;
mod value;

use crate::FieldError;

pub(crate) use destination::masked;
pub use destination::{AccountNumber, Destination, RoutingNumber, Token};
pub use fingerprint::{canonical_json, fingerprint};
pub use metadata::{Metadata, MAX_METADATA_KEYS, MAX_METADATA_KEY_CHARS, MAX_METADATA_VALUE_CHARS};
pub use rail::{
    rails_for_amount, Rail, RailLimits, ACH_LIMIT, FEDNOW_LIMIT, RTP_LIMIT, SAME_DAY_ACH_LIMIT,
    WIRE_LIMIT,
};
pub use refund::{validate_refund, CreateRefund, ValidRefund, REFUND_FIELDS};
pub use tokenize::{validate_token, CreateToken, ValidToken, TOKEN_FIELDS};
pub use validate::{
    validate, validate_with_limits, CreatePayment, DestinationParams, ValidPayment,
    DESTINATION_FIELDS, FIELDS,
};
pub use value::{Amount, Currency};

/// The stable error codes of payment, refund and token validation: the
/// one table.
pub mod code {
    /// A required field is absent or `null`.
    pub const REQUIRED: &str = "required";
    /// A field has the wrong JSON type (`amount`, `destination`, `metadata`), or the body is
    /// not an object.
    pub const INVALID_TYPE: &str = "invalid_type";
    /// `amount` is below 1.
    pub const AMOUNT_TOO_SMALL: &str = "amount_too_small";
    /// `amount` is above the rail's limit.
    pub const AMOUNT_EXCEEDS_RAIL_LIMIT: &str = "amount_exceeds_rail_limit";
    /// `currency` is not three ASCII letters.
    pub const INVALID_CURRENCY: &str = "invalid_currency";
    /// `currency` is well-formed but not `usd`.
    pub const UNSUPPORTED_CURRENCY: &str = "unsupported_currency";
    /// `rail` is not one of the rails.
    pub const INVALID_RAIL: &str = "invalid_rail";
    /// `destination` has both a token and bank details.
    pub const AMBIGUOUS_DESTINATION: &str = "ambiguous_destination";
    /// `destination.routing_number` is not 9 ASCII digits.
    pub const INVALID_ROUTING_NUMBER: &str = "invalid_routing_number";
    /// `destination.routing_number` fails the ABA checksum.
    pub const ROUTING_NUMBER_CHECKSUM: &str = "routing_number_checksum";
    /// `destination.routing_number` has an unassigned prefix, or is all zeros.
    pub const ROUTING_NUMBER_PREFIX: &str = "routing_number_prefix";
    /// `destination.account_number` is not 4 to 17 ASCII digits.
    pub const INVALID_ACCOUNT_NUMBER: &str = "invalid_account_number";
    /// `destination.account_number` is masked (`****7890`).
    pub const MASKED_ACCOUNT_NUMBER: &str = "masked_account_number";
    /// `destination.token` is not `tok_` + 1 to 64 letters or digits.
    pub const INVALID_TOKEN: &str = "invalid_token";
    /// `idempotency_key` is not 1 to 255 printable ASCII characters.
    pub const INVALID_IDEMPOTENCY_KEY: &str = crate::idempotency::INVALID_KEY_CODE;
    /// `metadata` has more than 50 keys.
    pub const TOO_MANY_METADATA_KEYS: &str = "too_many_metadata_keys";
    /// A metadata key is empty, longer than 40 characters, or contains `[` or `]`.
    pub const INVALID_METADATA_KEY: &str = "invalid_metadata_key";
    /// A metadata value is longer than 500 characters.
    pub const METADATA_VALUE_TOO_LONG: &str = "metadata_value_too_long";
    /// A field the API does not know.
    pub const UNKNOWN_FIELD: &str = "unknown_field";
    /// A refund's `payment` is not a payment id (`pay_` then ASCII letters or digits).
    pub const INVALID_ID: &str = "invalid_id";

    /// Every code above.
    ///
    /// ```
    /// use kinetic_flow_core::payment::code;
    /// assert!(code::ALL.contains(&"masked_account_number"));
    /// assert_eq!(code::ALL.len(), 20);
    /// ```
    pub const ALL: &[&str] = &[
        REQUIRED,
        INVALID_TYPE,
        AMOUNT_TOO_SMALL,
        AMOUNT_EXCEEDS_RAIL_LIMIT,
        INVALID_CURRENCY,
        UNSUPPORTED_CURRENCY,
        INVALID_RAIL,
        AMBIGUOUS_DESTINATION,
        INVALID_ROUTING_NUMBER,
        ROUTING_NUMBER_CHECKSUM,
        ROUTING_NUMBER_PREFIX,
        INVALID_ACCOUNT_NUMBER,
        MASKED_ACCOUNT_NUMBER,
        INVALID_TOKEN,
        INVALID_IDEMPOTENCY_KEY,
        TOO_MANY_METADATA_KEYS,
        INVALID_METADATA_KEY,
        METADATA_VALUE_TOO_LONG,
        UNKNOWN_FIELD,
        INVALID_ID,
    ];
}

/// At most this many problems are kept in a [`ValidationError`]; the rest are counted
/// ([`ValidationError::omitted`]), so a hostile body cannot make an error of unbounded size.
pub const MAX_ERRORS: usize = 32;

/// A [`FieldError::param`] longer than this many characters is cut to it and `…` appended (an
/// unknown field's name is the caller's text, of any length).
pub const MAX_PARAM_CHARS: usize = 100;

/// Params that failed validation, as one error value (code `validation_failed`): what
/// [`validate`] returns, so `?` works into `anyhow` or `Box<dyn Error>`. It holds every
/// [`FieldError`] in field order, up to [`MAX_ERRORS`] (each `param` capped at
/// [`MAX_PARAM_CHARS`]); [`ValidationError::omitted`] counts the rest.
///
/// ```
/// use kinetic_flow_core::payment::{validate, ValidationError};
/// let err: ValidationError = validate(&serde_json::json!({})).unwrap_err();
/// assert_eq!(err.code(), "validation_failed");
/// assert_eq!(err.len(), 3); // amount, currency, destination
/// assert!(err.to_string().starts_with("payment is invalid (3 problems): amount: "));
/// let codes: Vec<&str> = err.iter().map(|e| e.code).collect();
/// assert_eq!(codes, ["required", "required", "required"]);
///
/// fn send() -> Result<(), Box<dyn std::error::Error>> {
///     let valid = validate(&serde_json::json!({ "amount": 0 }))?;
///     # let _ = valid;
///     Ok(())
/// }
/// assert!(send().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    subject: &'static str,
    errors: Vec<FieldError>,
    omitted: usize,
}

impl ValidationError {
    /// Collects problems with the params of `subject` (`"payment"`, `"refund"`, `"token"`),
    /// keeping the first [`MAX_ERRORS`] and capping each `param`.
    ///
    /// ```
    /// use kinetic_flow_core::{payment::{ValidationError, MAX_ERRORS}, FieldError};
    /// let many = (0..40).map(|i| FieldError::new(format!("x{i}"), "unknown_field", "unknown"));
    /// let err = ValidationError::new("refund", many.collect());
    /// assert_eq!((err.len(), err.omitted()), (MAX_ERRORS, 8));
    /// assert!(err.to_string().ends_with("(and 8 more)"));
    /// ```
    pub fn new(subject: &'static str, mut errors: Vec<FieldError>) -> ValidationError {
        let omitted = errors.len().saturating_sub(MAX_ERRORS);
        errors.truncate(MAX_ERRORS);
        for e in &mut errors {
            if let Some((cut, _)) = e.param.char_indices().nth(MAX_PARAM_CHARS) {
                e.param.truncate(cut);
                e.param.push('…');
            }
        }
        ValidationError {
            subject,
            errors,
            omitted,
        }
    }

    /// The stable code, `validation_failed`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::ValidationError;
    /// assert_eq!(ValidationError::new("payment", vec![]).code(), "validation_failed");
    /// ```
    pub fn code(&self) -> &'static str {
        "validation_failed"
    }

    /// The problems kept, in field order.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// let err = validate(&serde_json::json!({ "amount": 5 })).unwrap_err();
    /// assert_eq!(err.errors()[0].param, "currency");
    /// ```
    pub fn errors(&self) -> &[FieldError] {
        &self.errors
    }

    /// An iterator over the problems kept.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// let err = validate(&serde_json::json!(null)).unwrap_err();
    /// assert_eq!(err.iter().count(), 1);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.errors.iter()
    }

    /// How many problems are kept (at most [`MAX_ERRORS`]).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::ValidationError;
    /// assert_eq!(ValidationError::new("payment", vec![]).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// `true` when no problem is kept (never, for an error [`validate`] returns).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::ValidationError;
    /// assert!(ValidationError::new("payment", vec![]).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many problems beyond [`MAX_ERRORS`] were found and left out.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// assert_eq!(validate(&serde_json::json!({})).unwrap_err().omitted(), 0);
    /// ```
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The problems kept, owned.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// let errors = validate(&serde_json::json!({})).unwrap_err().into_errors();
    /// assert_eq!(errors.len(), 3);
    /// ```
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }
}

impl ValidationError {
    /// The text `Display` writes, without `core::fmt` (the npm module's error messages).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// let err = validate(&serde_json::json!({})).unwrap_err();
    /// assert_eq!(err.message(), err.to_string());
    /// assert!(err.message().starts_with("payment is invalid (3 problems): amount: "));
    /// ```
    pub fn message(&self) -> String {
        use crate::digits::num;
        let n = self.errors.len() + self.omitted;
        let mut out = String::from(self.subject);
        out.push_str(" is invalid (");
        out.push_str(&num(n as u64));
        out.push_str(if n == 1 { " problem)" } else { " problems)" });
        for (i, e) in self.errors.iter().enumerate() {
            out.push_str(if i == 0 { ": " } else { "; " });
            e.write_to(&mut out);
        }
        if self.omitted > 0 {
            out.push_str(" (and ");
            out.push_str(&num(self.omitted as u64));
            out.push_str(" more)");
        }
        out
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ValidationError {}

impl<'a> IntoIterator for &'a ValidationError {
    type Item = &'a FieldError;
    type IntoIter = std::slice::Iter<'a, FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl IntoIterator for ValidationError {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}
