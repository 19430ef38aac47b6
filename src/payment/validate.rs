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

mod create;

pub use create::{CreatePayment, DestinationParams};

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
/// Rules beyond the field rules:
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
                crate::text::cat(&[
                    "the payment body must be a JSON object; got ",
                    json_kind(body),
                    ".",
                ]),
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
            crate::text::cat(&[
                "amount must be an integer in minor units (25000 = $250.00); got ",
                json_kind(v),
                ".",
            ]),
        ));
    };
    let amount = amount?;
    let cents = amount.cents();
    if let Some(rail) = rail {
        let limit = limits.limit(rail);
        if cents > limit {
            let able = rails_for_amount(amount, limits);
            let mut msg = crate::text::cat(&[
                "amount ",
                &format_dollars(cents),
                " exceeds the ",
                rail.as_str(),
                " limit of ",
                &format_dollars(limit),
            ]);
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
            crate::text::cat(&["destination must be an object, {\"routing_number\", \"account_number\"} or {\"token\"}; got ", json_kind(v), "."]),
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
