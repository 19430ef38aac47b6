//! Token params (`POST /v1/tokens`): bank details exchanged for a `tok_…`.
//! [`validate_token`] is the one pass over the JSON, [`ValidToken`] what it returns,
//! [`CreateToken`] the typed params for Rust. The bank details are checked by the payment
//! module's own [`RoutingNumber`] and [`AccountNumber`].

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::fields::{self, json_kind, keep, unknown_fields};
use super::{code, AccountNumber, RoutingNumber, ValidationError};
use crate::idempotency::IdempotencyKey;
use crate::FieldError;

/// The fields of `POST /v1/tokens`, in the order errors are reported.
pub const TOKEN_FIELDS: &[&str] = &["routing_number", "account_number", "idempotency_key"];

/// Validates `POST /v1/tokens` params `{ routing_number, account_number, idempotency_key? }`
/// and returns every problem at once, in field order (then unknown fields, sorted).
///
/// The bank details follow the rules of a payment's destination ([`RoutingNumber::parse`], [`AccountNumber::parse`]), with the errors on the top-level
/// params `routing_number` and `account_number`; both are required (`required`), and a value
/// that is not a string is `invalid_routing_number` / `invalid_account_number` (a number would
/// lose leading zeros). Use the returned `tok_…` as a payment destination so that account
/// numbers stay out of later requests.
///
/// ```
/// use kinetic_flow_core::payment::validate_token;
/// use serde_json::json;
///
/// let token = validate_token(&json!({ "routing_number": "021000021", "account_number": "000123456789" }))?;
/// assert_eq!(token.account_number().last4(), "6789");
///
/// let err = validate_token(&json!({ "routing_number": "021000022", "account_number": "****6789" })).unwrap_err();
/// let got: Vec<(&str, &str)> = err.iter().map(|e| (e.param.as_str(), e.code)).collect();
/// assert_eq!(got, [("routing_number", "routing_number_checksum"), ("account_number", "masked_account_number")]);
/// assert!(err.errors()[0].message.starts_with("routing_number fails the ABA checksum"));
/// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
/// ```
pub fn validate_token(params: &Value) -> Result<ValidToken, ValidationError> {
    let obj = fields::object(
        params,
        "token",
        "{ routing_number, account_number, idempotency_key? }",
    )?;
    let field = |name: &str| fields::member(obj, name);
    let mut errors = Vec::new();

    let routing = match field("routing_number") {
        None => Err(FieldError::new(
            "routing_number",
            code::REQUIRED,
            "routing_number is required: the bank's 9-digit ABA routing number.",
        )),
        Some(Value::String(s)) => RoutingNumber::parse(s).map_err(at_top_level),
        Some(other) => Err(FieldError::new(
            "routing_number",
            code::INVALID_ROUTING_NUMBER,
            crate::text::cat(&[
                "routing_number must be a string of 9 digits (a number would lose leading \
                 zeros); got ",
                json_kind(other),
                ".",
            ]),
        )),
    };
    let routing = keep(routing, &mut errors);
    let account = match field("account_number") {
        None => Err(FieldError::new(
            "account_number",
            code::REQUIRED,
            "account_number is required: 4 to 17 digits.",
        )),
        Some(Value::String(s)) => AccountNumber::parse(s).map_err(at_top_level),
        Some(other) => Err(FieldError::new(
            "account_number",
            code::INVALID_ACCOUNT_NUMBER,
            crate::text::cat(&[
                "account_number must be a string of 4 to 17 digits (leading zeros kept); got ",
                json_kind(other),
                ".",
            ]),
        )),
    };
    let account = keep(account, &mut errors);
    let idempotency_key = keep(
        fields::idempotency_key(field("idempotency_key")),
        &mut errors,
    );
    errors.extend(unknown_fields(obj, "", TOKEN_FIELDS, None));

    match (routing, account, idempotency_key) {
        (Some(routing_number), Some(account_number), Some(idempotency_key))
            if errors.is_empty() =>
        {
            Ok(ValidToken {
                routing_number,
                account_number,
                idempotency_key,
            })
        }
        _ => Err(ValidationError::new("token", errors)),
    }
}

/// A payment-module error on `destination.<field>` moved to the top-level `<field>`.
fn at_top_level(mut e: FieldError) -> FieldError {
    if let Some(field) = e.param.strip_prefix("destination.") {
        let field = field.to_owned();
        e.message = crate::text::replace(&e.message, &e.param, &field);
        e.param = field;
    }
    e
}

/// Token params that passed [`validate_token`]. `Debug` shows at most the last 4 digits of the
/// account number.
///
/// ```
/// use kinetic_flow_core::payment::validate_token;
/// let token = validate_token(&serde_json::json!({ "routing_number": "021000021", "account_number": "000123456789" }))?;
/// assert_eq!(token.routing_number().as_str(), "021000021");
/// assert!(!format!("{token:?}").contains("123456789"));
/// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidToken {
    routing_number: RoutingNumber,
    account_number: AccountNumber,
    idempotency_key: Option<IdempotencyKey>,
}

impl ValidToken {
    /// The ABA routing number.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateToken;
    /// let token = CreateToken::new("011000015", "1234").validate()?;
    /// assert_eq!(token.routing_number().as_str(), "011000015");
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn routing_number(&self) -> &RoutingNumber {
        &self.routing_number
    }

    /// The account number (its `Debug` is masked).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateToken;
    /// let token = CreateToken::new("011000015", "000123456789").validate()?;
    /// assert_eq!(token.account_number().as_str(), "000123456789");
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn account_number(&self) -> &AccountNumber {
        &self.account_number
    }

    /// The idempotency key given in the params, if any.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateToken;
    /// let token = CreateToken::new("011000015", "1234").validate()?;
    /// assert!(token.idempotency_key().is_none());
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn idempotency_key(&self) -> Option<&IdempotencyKey> {
        self.idempotency_key.as_ref()
    }

    /// This token request with `key` as its idempotency key (replacing any from the params).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateToken;
    /// use kinetic_flow_core::idempotency::generate;
    /// let token = CreateToken::new("011000015", "1234").validate()?.with_idempotency_key(generate([1; 16]));
    /// assert_eq!(token.to_json()["idempotency_key"], "idk_01010101010101010101010101010101");
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    #[must_use]
    pub fn with_idempotency_key(mut self, key: IdempotencyKey) -> Self {
        self.idempotency_key = Some(key);
        self
    }

    /// The normalized wire body: `routing_number`, `account_number`, and `idempotency_key`
    /// only when set. It holds the full account number: send it, never log it.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateToken;
    /// use serde_json::json;
    /// let token = CreateToken::new("011000015", "1234").validate()?;
    /// assert_eq!(token.to_json(), json!({ "routing_number": "011000015", "account_number": "1234" }));
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("routing_number".into(), self.routing_number.as_str().into());
        m.insert("account_number".into(), self.account_number.as_str().into());
        if let Some(k) = &self.idempotency_key {
            m.insert("idempotency_key".into(), k.as_str().into());
        }
        Value::Object(m)
    }
}

/// Typed `POST /v1/tokens` params for Rust callers: bank details to exchange for a `tok_…`.
///
/// It holds plain strings; [`CreateToken::validate`] serializes it to JSON and runs the one
/// [`validate_token`], so the rules exist once. Deserializing refuses unknown fields, as
/// [`validate_token`] does. `Debug` shows at most the last 4 digits of the account number.
///
/// ```
/// use kinetic_flow_core::payment::CreateToken;
/// let req = CreateToken::new("021000021", "000123456789");
/// assert!(!format!("{req:?}").contains("123456789"));
/// let token = req.validate()?;
/// assert_eq!(token.account_number().last4(), "6789");
///
/// let err = CreateToken::new("021000021", "****6789").validate().unwrap_err();
/// assert_eq!(err.errors()[0].code, "masked_account_number");
/// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateToken {
    /// ABA routing number (9 digits).
    pub routing_number: String,
    /// Account number (4 to 17 digits, leading zeros kept).
    pub account_number: String,
    /// Idempotency key to send in the body (request builders also send it as a header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

impl fmt::Debug for CreateToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateToken")
            .field("routing_number", &self.routing_number)
            .field("account_number", &super::masked(&self.account_number))
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}

impl CreateToken {
    /// Token params for these bank details.
    ///
    /// ```
    /// use kinetic_flow_core::payment::CreateToken;
    /// let req = CreateToken::new("021000021", "000123456789");
    /// assert_eq!(req.routing_number, "021000021");
    /// ```
    pub fn new(routing_number: impl Into<String>, account_number: impl Into<String>) -> Self {
        CreateToken {
            routing_number: routing_number.into(),
            account_number: account_number.into(),
            idempotency_key: None,
        }
    }

    /// Sets the body's idempotency key.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateToken;
    /// let req = CreateToken::new("021000021", "1234").with_idempotency_key("tok-1");
    /// assert_eq!(req.validate().unwrap().idempotency_key().unwrap().as_str(), "tok-1");
    /// ```
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Validates these params with [`validate_token`].
    ///
    /// ```
    /// use kinetic_flow_core::payment::CreateToken;
    /// let err = CreateToken::new("02100002", "12").validate().unwrap_err();
    /// let codes: Vec<&str> = err.iter().map(|e| e.code).collect();
    /// assert_eq!(codes, ["invalid_routing_number", "invalid_account_number"]);
    /// ```
    pub fn validate(&self) -> Result<ValidToken, ValidationError> {
        match serde_json::to_value(self) {
            Ok(v) => validate_token(&v),
            // Unreachable in practice (every field serializes); reported, not panicked.
            Err(e) => Err(ValidationError::new(
                "token",
                vec![FieldError::new(
                    "",
                    code::INVALID_TYPE,
                    crate::text::cat(&["the token could not be serialized: ", &e.to_string()]),
                )],
            )),
        }
    }
}
