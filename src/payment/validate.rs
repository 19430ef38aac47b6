//! `validate`: one pass over a JSON body that reports every problem, in field order.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::fields::{self, json_kind, keep, unknown_fields};
use super::rail::format_dollars;
use super::{
    code, rails_for_amount, AccountNumber, Amount, Currency, Destination, Metadata, Rail,
    RailLimits, RoutingNumber, Token, ValidationError,
};
use crate::idempotency::IdempotencyKey;
use crate::FieldError;

/// The top-level fields of `POST /v1/payments`, in the order errors are reported.
pub const FIELDS: &[&str] = &[
    "amount",
    "currency",
    "rail",
    "destination",
    "idempotency_key",
    "metadata",
];

/// The fields of `destination`, in the order errors are reported.
pub const DESTINATION_FIELDS: &[&str] = &["routing_number", "account_number", "token"];

/// Validates a `POST /v1/payments` body against the default [`RailLimits`].
///
/// See [`validate_with_limits`] for the rules and the order of errors.
///
/// ```
/// use kinetic_flow_core::payment::validate;
/// use serde_json::json;
///
/// let ok = validate(&json!({
///     "amount": 25000, "currency": "USD",
///     "destination": { "routing_number": "021000021", "account_number": "000123456789" }
/// })).unwrap();
/// assert_eq!(ok.to_json()["currency"], "usd");
/// assert_eq!(ok.to_json()["rail"], "auto");
///
/// let errors = validate(&json!({ "amount": 0, "currency": "usd", "ammount": 5 })).unwrap_err();
/// let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.param.as_str(), e.code)).collect();
/// assert_eq!(got, [
///     ("amount", "amount_too_small"),
///     ("destination", "required"),
///     ("ammount", "unknown_field"),
/// ]);
/// assert!(errors.errors()[2].message.contains("did you mean \"amount\""));
/// ```
pub fn validate(body: &Value) -> Result<ValidPayment, ValidationError> {
    validate_with_limits(body, &RailLimits::default())
}

/// Validates a `POST /v1/payments` body and returns every problem at once.
///
/// Errors come in field order: `amount`, `currency`, `rail`, `destination` and its fields
/// (`routing_number`, `account_number`, `token`, then unknown ones), `idempotency_key`,
/// `metadata` and its keys, then unknown top-level fields. Within each group, keys are in
/// sorted (byte) order. Each field yields at most one error, except `destination` and
/// `metadata`, whose members are checked one by one.
///
/// Choices where SPEC section 3 is silent:
///
/// - A body that is not a JSON object gives one error with `param` `""` (the whole body) and
///   code `invalid_type`. (An unknown field whose name is empty also has `param` `""`, with
///   code `unknown_field`.)
/// - `null` is the same as an absent field: `required` for a required field, the default for an
///   optional one (JS callers often pass `undefined`).
/// - A string field holding another type (`"currency": 840`) gets the field's own code
///   (`invalid_currency`, `invalid_rail`, `invalid_routing_number`, ...); `amount`,
///   `destination` and `metadata` of the wrong type get `invalid_type`.
/// - The rail limit is checked only when the rail is valid; with an invalid `rail`, only
///   `invalid_rail` is reported for it and `amount` is checked for `>= 1` only.
/// - `destination` with neither a token nor bank details is `required` on `destination`; one
///   half of the bank details is `required` on the missing half
///   (`destination.account_number`); a token together with bank details is
///   `ambiguous_destination` on `destination`, and each given member is still checked.
///   Unknown keys inside it are `unknown_field` on `destination.<key>`.
///
/// ```
/// use kinetic_flow_core::payment::{validate_with_limits, Rail, RailLimits};
/// use serde_json::json;
///
/// let limits = RailLimits::default().with_limit(Rail::Fednow, 50_000_00);
/// let body = json!({
///     "amount": 60_000_00, "currency": "usd", "rail": "fednow",
///     "destination": { "token": "tok_123" }
/// });
/// let errors = validate_with_limits(&body, &limits).unwrap_err();
/// assert_eq!(errors.errors()[0].code, "amount_exceeds_rail_limit");
/// assert!(errors.errors()[0].message.contains("$50,000.00"));
/// ```
pub fn validate_with_limits(
    body: &Value,
    limits: &RailLimits,
) -> Result<ValidPayment, ValidationError> {
    let Some(obj) = body.as_object() else {
        return Err(ValidationError::new(
            "payment",
            vec![FieldError::new(
                "",
                code::INVALID_TYPE,
                format!(
                    "the payment body must be a JSON object; got {}.",
                    json_kind(body)
                ),
            )],
        ));
    };
    let field = |name: &str| fields::member(obj, name);
    let mut errors = Vec::new();

    // The rail comes first in the code because the amount's limit depends on it.
    let rail = match field("rail") {
        None => Ok(Rail::Auto),
        Some(Value::String(s)) => Rail::try_parse(s),
        Some(_) => Err(FieldError::new(
            "rail",
            code::INVALID_RAIL,
            "rail must be a string: auto, fednow, rtp, same_day_ach, ach or wire.",
        )),
    };

    let amount = check_amount(field("amount"), rail.as_ref().ok().copied(), limits);
    let currency = match field("currency") {
        None => Err(required("currency", "currency is required: \"usd\".")),
        Some(Value::String(s)) => Currency::parse(s),
        Some(_) => Err(FieldError::new(
            "currency",
            code::INVALID_CURRENCY,
            "currency must be a string: a three-letter ISO 4217 code, such as \"usd\".",
        )),
    };
    let amount = keep(amount, &mut errors);
    let currency = keep(currency, &mut errors);
    let rail = keep(rail, &mut errors);

    let destination = check_destination(field("destination"), &mut errors);

    let idempotency_key = keep(
        fields::idempotency_key(field("idempotency_key")),
        &mut errors,
    );

    let metadata = match field("metadata") {
        None => Some(Metadata::default()),
        Some(v) => match Metadata::parse(v) {
            Ok(m) => Some(m),
            Err(es) => {
                errors.extend(es);
                None
            }
        },
    };

    // A destination member sent at the top level suggests `destination.<member>`.
    errors.extend(unknown_fields(
        obj,
        "",
        FIELDS,
        Some(("destination.", DESTINATION_FIELDS)),
    ));

    match (
        amount,
        currency,
        rail,
        destination,
        idempotency_key,
        metadata,
    ) {
        (
            Some(amount),
            Some(currency),
            Some(rail),
            Some(destination),
            Some(key),
            Some(metadata),
        ) if errors.is_empty() => Ok(ValidPayment {
            amount,
            currency,
            rail,
            destination,
            idempotency_key: key,
            metadata,
        }),
        _ => Err(ValidationError::new("payment", errors)),
    }
}

fn required(param: &str, message: &str) -> FieldError {
    FieldError::new(param, code::REQUIRED, message)
}

fn check_amount(
    v: Option<&Value>,
    rail: Option<Rail>,
    limits: &RailLimits,
) -> Result<Amount, FieldError> {
    let Some(v) = v else {
        return Err(required(
            "amount",
            "amount is required: an integer in minor units (25000 = $250.00).",
        ));
    };
    let Some(amount) = Amount::from_json(v) else {
        return Err(FieldError::new(
            "amount",
            code::INVALID_TYPE,
            format!(
                "amount must be an integer in minor units (25000 = $250.00); got {}.",
                json_kind(v)
            ),
        ));
    };
    let amount = amount?;
    let cents = amount.cents();
    if let Some(rail) = rail {
        let limit = limits.limit(rail);
        if cents > limit {
            let able = rails_for_amount(amount, limits);
            let mut msg = format!(
                "amount {} exceeds the {} limit of {}",
                format_dollars(cents),
                rail.as_str(),
                format_dollars(limit)
            );
            if able.is_empty() {
                msg.push_str("; no rail carries it in one payment: split it.");
            } else {
                msg.push_str("; rails that can carry it: ");
                let names: Vec<&str> = able.iter().map(|r| r.as_str()).collect();
                msg.push_str(&names.join(", "));
                msg.push('.');
            }
            return Err(FieldError::new(
                "amount",
                code::AMOUNT_EXCEEDS_RAIL_LIMIT,
                msg,
            ));
        }
    }
    Ok(amount)
}

fn check_destination(v: Option<&Value>, errors: &mut Vec<FieldError>) -> Option<Destination> {
    let Some(v) = v else {
        errors.push(required(
            "destination",
            "destination is required: {\"routing_number\", \"account_number\"} or {\"token\"}.",
        ));
        return None;
    };
    let Some(obj) = v.as_object() else {
        errors.push(FieldError::new(
            "destination",
            code::INVALID_TYPE,
            format!(
                "destination must be an object, {{\"routing_number\", \"account_number\"}} or {{\"token\"}}; got {}.",
                json_kind(v)
            ),
        ));
        return None;
    };
    let member = |name: &str| obj.get(name).filter(|v| !v.is_null());
    let (rn, an, tok) = (
        member("routing_number"),
        member("account_number"),
        member("token"),
    );
    let bank_given = rn.is_some() || an.is_some();
    if tok.is_some() && bank_given {
        errors.push(FieldError::new(
            "destination",
            code::AMBIGUOUS_DESTINATION,
            "destination must have either a token or bank details (routing_number and account_number), not both.",
        ));
    } else if tok.is_none() && !bank_given {
        errors.push(required(
            "destination",
            "destination needs a token, or a routing_number and an account_number.",
        ));
    }
    let bank_only = tok.is_none();
    let routing = match rn {
        Some(Value::String(s)) => keep(RoutingNumber::parse(s), errors),
        Some(_) => {
            errors.push(FieldError::new(
                "destination.routing_number",
                code::INVALID_ROUTING_NUMBER,
                "destination.routing_number must be a string of 9 digits (a number would lose leading zeros).",
            ));
            None
        }
        None => {
            if bank_only && an.is_some() {
                errors.push(required(
                    "destination.routing_number",
                    "destination.routing_number is required with an account_number.",
                ));
            }
            None
        }
    };
    let account = match an {
        Some(Value::String(s)) => keep(AccountNumber::parse(s), errors),
        Some(_) => {
            errors.push(FieldError::new(
                "destination.account_number",
                code::INVALID_ACCOUNT_NUMBER,
                "destination.account_number must be a string of 4 to 17 digits (a number would lose leading zeros).",
            ));
            None
        }
        None => {
            if bank_only && rn.is_some() {
                errors.push(required(
                    "destination.account_number",
                    "destination.account_number is required with a routing_number.",
                ));
            }
            None
        }
    };
    let token = match tok {
        Some(Value::String(s)) => keep(Token::parse(s), errors),
        Some(_) => {
            errors.push(FieldError::new(
                "destination.token",
                code::INVALID_TOKEN,
                "destination.token must be a string: \"tok_\" followed by letters or digits.",
            ));
            None
        }
        None => None,
    };
    let unknown = unknown_fields(obj, "destination.", DESTINATION_FIELDS, None);
    if !unknown.is_empty() {
        errors.extend(unknown);
        return None;
    }
    match (routing, account, token) {
        (Some(routing_number), Some(account_number), None) if tok.is_none() => {
            Some(Destination::Bank {
                routing_number,
                account_number,
            })
        }
        (None, None, Some(t)) if !bank_given => Some(Destination::Token(t)),
        _ => None,
    }
}

/// A payment body that passed [`validate`]: every field parsed into its value type.
///
/// ```
/// use kinetic_flow_core::payment::{validate, Rail};
/// let p = validate(&serde_json::json!({
///     "amount": 100, "currency": "usd", "rail": "rtp",
///     "destination": { "token": "tok_abc" }, "idempotency_key": "order-7"
/// })).unwrap();
/// assert_eq!(p.amount().cents(), 100);
/// assert_eq!(p.rail(), Rail::Rtp);
/// assert_eq!(p.idempotency_key().map(|k| k.as_str()), Some("order-7"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPayment {
    amount: Amount,
    currency: Currency,
    rail: Rail,
    destination: Destination,
    idempotency_key: Option<IdempotencyKey>,
    metadata: Metadata,
}

impl ValidPayment {
    /// The amount in minor units.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// # let p = validate(&serde_json::json!({"amount": 5, "currency": "usd", "destination": {"token": "tok_a"}})).unwrap();
    /// assert_eq!(p.amount().cents(), 5);
    /// ```
    pub fn amount(&self) -> Amount {
        self.amount
    }

    /// The currency (always USD today).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{validate, Currency};
    /// # let p = validate(&serde_json::json!({"amount": 5, "currency": "USD", "destination": {"token": "tok_a"}})).unwrap();
    /// assert_eq!(p.currency(), Currency::Usd);
    /// ```
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The rail; [`Rail::Auto`] when the body had none.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{validate, Rail};
    /// # let p = validate(&serde_json::json!({"amount": 5, "currency": "usd", "destination": {"token": "tok_a"}})).unwrap();
    /// assert_eq!(p.rail(), Rail::Auto);
    /// ```
    pub fn rail(&self) -> Rail {
        self.rail
    }

    /// The destination.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{validate, Destination};
    /// # let p = validate(&serde_json::json!({"amount": 5, "currency": "usd", "destination": {"token": "tok_a"}})).unwrap();
    /// assert!(matches!(p.destination(), Destination::Token(t) if t.as_str() == "tok_a"));
    /// ```
    pub fn destination(&self) -> &Destination {
        &self.destination
    }

    /// The idempotency key given in the body, if any.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// # let p = validate(&serde_json::json!({"amount": 5, "currency": "usd", "destination": {"token": "tok_a"}})).unwrap();
    /// assert!(p.idempotency_key().is_none());
    /// ```
    pub fn idempotency_key(&self) -> Option<&IdempotencyKey> {
        self.idempotency_key.as_ref()
    }

    /// The metadata; empty when the body had none (or `{}`).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// # let p = validate(&serde_json::json!({"amount": 5, "currency": "usd", "destination": {"token": "tok_a"}, "metadata": {"k": "v"}})).unwrap();
    /// assert_eq!(p.metadata().get("k"), Some("v"));
    /// ```
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// Returns this payment with `key` as its idempotency key (replacing any from the body),
    /// for request builders that add a generated key to both the header and the body.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// use kinetic_flow_core::idempotency::generate;
    /// # let p = validate(&serde_json::json!({"amount": 5, "currency": "usd", "destination": {"token": "tok_a"}})).unwrap();
    /// let p = p.with_idempotency_key(generate([0; 16]));
    /// assert_eq!(p.to_json()["idempotency_key"], "idk_00000000000000000000000000000000");
    /// ```
    #[must_use]
    pub fn with_idempotency_key(mut self, key: IdempotencyKey) -> Self {
        self.idempotency_key = Some(key);
        self
    }

    /// The normalized wire body: snake_case names, `currency` lowercase, `rail` always present
    /// (the default `auto` filled in), `destination` with exactly its members,
    /// `idempotency_key` only when set and `metadata` only when it has keys (`{}` and no
    /// metadata are the same payment, so they serialize, and fingerprint, the same).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate;
    /// use serde_json::json;
    /// let p = validate(&json!({"amount": 5, "currency": "USD", "destination": {"token": "tok_a"}, "metadata": {}})).unwrap();
    /// assert_eq!(p.to_json(), json!({
    ///     "amount": 5, "currency": "usd", "rail": "auto", "destination": {"token": "tok_a"}
    /// }));
    /// ```
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("amount".into(), self.amount.cents().into());
        m.insert("currency".into(), self.currency.as_str().into());
        m.insert("rail".into(), self.rail.as_str().into());
        m.insert("destination".into(), self.destination.to_json());
        if let Some(k) = &self.idempotency_key {
            m.insert("idempotency_key".into(), k.as_str().into());
        }
        if !self.metadata.is_empty() {
            m.insert("metadata".into(), self.metadata.to_json());
        }
        Value::Object(m)
    }
}

/// A typed `POST /v1/payments` body for Rust callers (snake_case on the wire).
///
/// It holds plain strings; [`CreatePayment::validate`] serializes it to JSON and runs the one
/// [`validate`], so the rules exist once. To check untrusted JSON, call [`validate`] on the
/// `serde_json::Value` directly: deserializing into this struct first would stop at the first
/// problem.
///
/// Deserializing agrees with [`validate`] on the shape: unknown fields are refused (serde's
/// `deny_unknown_fields`), and so is a destination with both a token and bank details
/// (`ambiguous_destination`), where an untagged enum would silently drop one of them.
///
/// ```
/// use kinetic_flow_core::payment::{CreatePayment, DestinationParams, Rail};
/// let req = CreatePayment::new(25_000, "usd", DestinationParams::bank("021000021", "000123456789"))
///     .with_rail(Rail::Fednow);
/// let valid = req.validate().unwrap();
/// assert_eq!(valid.rail(), Rail::Fednow);
///
/// let both = serde_json::json!({ "amount": 1, "currency": "usd", "destination":
///     { "token": "tok_1", "routing_number": "021000021", "account_number": "000123456789" } });
/// let err = serde_json::from_value::<CreatePayment>(both).unwrap_err();
/// assert!(err.to_string().contains("ambiguous_destination"));
/// let typo = serde_json::json!({ "ammount": 1, "amount": 1, "currency": "usd",
///     "destination": { "token": "tok_1" } });
/// assert!(serde_json::from_value::<CreatePayment>(typo).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreatePayment {
    /// Amount in minor units (cents).
    pub amount: u64,
    /// ISO 4217 code; `"usd"`.
    pub currency: String,
    /// Rail; `None` means `auto`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rail: Option<Rail>,
    /// Where the money goes.
    pub destination: DestinationParams,
    /// Idempotency key to send in the body (request builders also send it as a header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    /// Your own key-value pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

impl CreatePayment {
    /// A request with the required fields; the rail defaults to `auto`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_abc"));
    /// assert_eq!((req.amount, req.rail), (500, None));
    /// ```
    pub fn new(amount: u64, currency: impl Into<String>, destination: DestinationParams) -> Self {
        CreatePayment {
            amount,
            currency: currency.into(),
            rail: None,
            destination,
            idempotency_key: None,
            metadata: None,
        }
    }

    /// Sets the rail.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{CreatePayment, DestinationParams, Rail};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_a")).with_rail(Rail::Rtp);
    /// assert_eq!(req.rail, Some(Rail::Rtp));
    /// ```
    pub fn with_rail(mut self, rail: Rail) -> Self {
        self.rail = Some(rail);
        self
    }

    /// Sets the body's idempotency key.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_a")).with_idempotency_key("order-1");
    /// assert_eq!(req.validate().unwrap().idempotency_key().unwrap().as_str(), "order-1");
    /// ```
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sets the metadata.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let meta = [("invoice".to_owned(), "inv_1".to_owned())].into();
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_a")).with_metadata(meta);
    /// assert_eq!(req.validate().unwrap().metadata().get("invoice"), Some("inv_1"));
    /// ```
    pub fn with_metadata(mut self, metadata: BTreeMap<String, String>) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Validates this request with the default [`RailLimits`].
    ///
    /// ```
    /// use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let req = CreatePayment::new(0, "usd", DestinationParams::token("tok_abc"));
    /// assert_eq!(req.validate().unwrap_err().errors()[0].code, "amount_too_small");
    /// ```
    pub fn validate(&self) -> Result<ValidPayment, ValidationError> {
        self.validate_with_limits(&RailLimits::default())
    }

    /// Validates this request with the given limits.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{CreatePayment, DestinationParams, Rail, RailLimits};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_abc")).with_rail(Rail::Rtp);
    /// let limits = RailLimits::default().with_limit(Rail::Rtp, 100);
    /// let err = req.validate_with_limits(&limits).unwrap_err();
    /// assert_eq!(err.errors()[0].code, "amount_exceeds_rail_limit");
    /// ```
    pub fn validate_with_limits(
        &self,
        limits: &RailLimits,
    ) -> Result<ValidPayment, ValidationError> {
        match serde_json::to_value(self) {
            Ok(v) => validate_with_limits(&v, limits),
            // Unreachable in practice (every field serializes); reported, not panicked.
            Err(e) => Err(ValidationError::new(
                "payment",
                vec![FieldError::new(
                    "",
                    code::INVALID_TYPE,
                    format!("the payment could not be serialized: {e}"),
                )],
            )),
        }
    }
}

/// The destination of a [`CreatePayment`]: bank details or a token (serialized without a tag).
///
/// `Debug` shows at most the last 4 digits of the account number.
///
/// ```
/// use kinetic_flow_core::payment::DestinationParams;
/// let d = DestinationParams::Bank {
///     routing_number: "021000021".into(),
///     account_number: "000123456789".into(),
/// };
/// assert!(!format!("{d:?}").contains("123456789"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum DestinationParams {
    /// A US bank account.
    Bank {
        /// ABA routing number (9 digits).
        routing_number: String,
        /// Account number (4 to 17 digits).
        account_number: String,
    },
    /// A token from `POST /v1/tokens`.
    Token {
        /// `tok_...`.
        token: String,
    },
}

impl fmt::Debug for DestinationParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DestinationParams::Bank {
                routing_number,
                account_number,
            } => f
                .debug_struct("Bank")
                .field("routing_number", routing_number)
                .field("account_number", &super::masked(account_number))
                .finish(),
            DestinationParams::Token { token } => {
                f.debug_struct("Token").field("token", token).finish()
            }
        }
    }
}

impl DestinationParams {
    /// Bank details.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::DestinationParams;
    /// let d = DestinationParams::bank("021000021", "000123456789");
    /// assert!(matches!(d, DestinationParams::Bank { .. }));
    /// ```
    pub fn bank(routing_number: impl Into<String>, account_number: impl Into<String>) -> Self {
        DestinationParams::Bank {
            routing_number: routing_number.into(),
            account_number: account_number.into(),
        }
    }

    /// A token from `POST /v1/tokens`.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::DestinationParams;
    /// assert!(matches!(DestinationParams::token("tok_1"), DestinationParams::Token { .. }));
    /// ```
    pub fn token(token: impl Into<String>) -> Self {
        DestinationParams::Token {
            token: token.into(),
        }
    }
}

/// By hand rather than `untagged`, so that it agrees with [`validate`]: unknown members are
/// refused, and a token together with bank details is `ambiguous_destination` (an untagged
/// enum would silently keep one of them). Half of the bank details is refused as well.
impl<'de> Deserialize<'de> for DestinationParams {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Members {
            #[serde(default)]
            routing_number: Option<String>,
            #[serde(default)]
            account_number: Option<String>,
            #[serde(default)]
            token: Option<String>,
        }
        use serde::de::Error;
        let m = Members::deserialize(d)?;
        match (m.routing_number, m.account_number, m.token) {
            (None, None, Some(token)) => Ok(DestinationParams::Token { token }),
            (Some(routing_number), Some(account_number), None) => Ok(DestinationParams::Bank {
                routing_number,
                account_number,
            }),
            (None, None, None) => Err(D::Error::custom(
                "required: destination needs bank details { routing_number, account_number } or { token }",
            )),
            (_, _, Some(_)) => Err(D::Error::custom(
                "ambiguous_destination: destination has both a token and bank details; send one of them",
            )),
            (Some(_), None, None) => Err(D::Error::missing_field("account_number")),
            (None, Some(_), None) => Err(D::Error::missing_field("routing_number")),
        }
    }
}
