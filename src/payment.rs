//! Payment request validation (`POST /v1/payments`, SPEC section 3).
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
//! Module map: `rail` (the [`Rail`] enum and the one [`RailLimits`] table), `value`
//! ([`Amount`], [`Currency`]), `destination` ([`RoutingNumber`], [`AccountNumber`], [`Token`],
//! [`Destination`]), `metadata` ([`Metadata`]), `validate` (the one pass over the JSON,
//! [`ValidPayment`], the typed [`CreatePayment`]), `suggest` ("did you mean").
//! The error codes are the constants of [`code`].

mod destination;
mod metadata;
mod rail;
mod suggest;
mod validate;
mod value;

use crate::FieldError;

pub use destination::{AccountNumber, Destination, RoutingNumber, Token};
pub use metadata::{Metadata, MAX_METADATA_KEYS, MAX_METADATA_KEY_CHARS, MAX_METADATA_VALUE_CHARS};
pub use rail::{
    rails_for_amount, Rail, RailLimits, ACH_LIMIT, FEDNOW_LIMIT, RTP_LIMIT, SAME_DAY_ACH_LIMIT,
    WIRE_LIMIT,
};
pub use validate::{
    validate, validate_with_limits, CreatePayment, DestinationParams, ValidPayment,
    DESTINATION_FIELDS, FIELDS,
};
pub use value::{Amount, Currency};

/// The stable error codes of payment validation (SPEC section 3): the one table.
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
    pub const INVALID_IDEMPOTENCY_KEY: &str = "invalid_idempotency_key";
    /// `metadata` has more than 50 keys.
    pub const TOO_MANY_METADATA_KEYS: &str = "too_many_metadata_keys";
    /// A metadata key is empty, longer than 40 characters, or contains `[` or `]`.
    pub const INVALID_METADATA_KEY: &str = "invalid_metadata_key";
    /// A metadata value is longer than 500 characters.
    pub const METADATA_VALUE_TOO_LONG: &str = "metadata_value_too_long";
    /// A field the API does not know.
    pub const UNKNOWN_FIELD: &str = "unknown_field";

    /// Every code above.
    ///
    /// ```
    /// use kinetic_flow_core::payment::code;
    /// assert!(code::ALL.contains(&"masked_account_number"));
    /// assert_eq!(code::ALL.len(), 19);
    /// ```
    pub const ALL: [&str; 19] = [
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
    ];
}

/// A payment that failed validation, as one error value (code `validation_failed`), for
/// callers who want `?` and `std::error::Error`. It holds every [`FieldError`].
///
/// ```
/// use kinetic_flow_core::payment::{validate, ValidationError};
/// let err: ValidationError = validate(&serde_json::json!({})).unwrap_err().into();
/// assert_eq!(err.code(), "validation_failed");
/// assert_eq!(err.errors.len(), 3); // amount, currency, destination
/// assert!(err.to_string().starts_with("payment is invalid (3 problems): amount: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("payment is invalid ({} problem{}): {}", .errors.len(), if .errors.len() == 1 { "" } else { "s" }, join(.errors))]
pub struct ValidationError {
    /// Every problem, in field order.
    pub errors: Vec<FieldError>,
}

impl ValidationError {
    /// The stable code, `validation_failed`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::ValidationError;
    /// assert_eq!(ValidationError { errors: vec![] }.code(), "validation_failed");
    /// ```
    pub fn code(&self) -> &'static str {
        "validation_failed"
    }
}

impl From<Vec<FieldError>> for ValidationError {
    fn from(errors: Vec<FieldError>) -> Self {
        ValidationError { errors }
    }
}

fn join(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
