//! Refund params (`POST /v1/refunds`): [`validate_refund`], the one pass over
//! the JSON; [`ValidRefund`], what it returns; [`CreateRefund`], the typed params for Rust.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::fields::{self, json_kind, keep, unknown_fields};
use super::{code, Amount, ValidationError};
use crate::id::PaymentId;
use crate::idempotency::IdempotencyKey;
use crate::FieldError;

/// The fields of `POST /v1/refunds`, in the order errors are reported.
pub const REFUND_FIELDS: &[&str] = &["payment", "amount", "idempotency_key"];

/// Validates `POST /v1/refunds` params `{ payment, amount?, idempotency_key? }` and returns
/// every problem at once, in field order (`payment`, `amount`, `idempotency_key`, then unknown
/// fields sorted).
///
/// - `payment` (required): the refunded payment's id, `pay_` then 1 to 255 ASCII letters or
///   digits (`required`, `invalid_id`).
/// - `amount` (optional; omit it or pass `null` for a full refund): an integer in minor units,
///   1 to [`Amount::MAX`] (`invalid_type`, `amount_too_small`). Whether it exceeds what is left
///   of the payment only the API knows.
/// - `idempotency_key` (optional): 1 to 255 printable ASCII characters
///   (`invalid_idempotency_key`).
/// - Any other field is `unknown_field`, with a "did you mean" for near misses.
///
/// ```
/// use kinetic_flow_core::payment::validate_refund;
/// use serde_json::json;
///
/// let refund = validate_refund(&json!({ "payment": "pay_1a2b3c4d", "amount": 500 }))?;
/// assert_eq!(refund.payment().as_str(), "pay_1a2b3c4d");
/// assert_eq!(refund.amount().map(|a| a.cents()), Some(500));
///
/// let err = validate_refund(&json!({ "payment": "re_1", "amount": 0, "ammount": 5 })).unwrap_err();
/// let got: Vec<(&str, &str)> = err.iter().map(|e| (e.param.as_str(), e.code)).collect();
/// assert_eq!(got, [
///     ("payment", "invalid_id"),
///     ("amount", "amount_too_small"),
///     ("ammount", "unknown_field"),
/// ]);
/// assert!(err.errors()[0].message.contains("looks like a refund id"));
/// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
/// ```
pub fn validate_refund(params: &Value) -> Result<ValidRefund, ValidationError> {
    let obj = fields::object(params, "refund", "{ payment, amount?, idempotency_key? }")?;
    let field = |name: &str| fields::member(obj, name);
    let mut errors = Vec::new();

    let payment = match field("payment") {
        None => Err(FieldError::new(
            "payment",
            code::REQUIRED,
            "payment is required: the id (pay_…) of the payment to refund.",
        )),
        Some(Value::String(id)) => PaymentId::parse_param(id, "payment")
            .map_err(|m| FieldError::new("payment", code::INVALID_ID, m)),
        Some(other) => Err(FieldError::new(
            "payment",
            code::INVALID_ID,
            crate::text::cat(&[
                "payment must be a payment id string (pay_…); got ",
                json_kind(other),
                ".",
            ]),
        )),
    };
    let payment = keep(payment, &mut errors);
    let amount = match field("amount") {
        None => Ok(None),
        Some(v) => match Amount::from_json(v) {
            Some(amount) => amount.map(Some),
            None => Err(FieldError::new(
                "amount",
                code::INVALID_TYPE,
                crate::text::cat(&[
                    "amount must be an integer in minor units (500 = $5.00), or omitted for a \
                     full refund; got ",
                    json_kind(v),
                    ".",
                ]),
            )),
        },
    };
    let amount = keep(amount, &mut errors);
    let idempotency_key = keep(
        fields::idempotency_key(field("idempotency_key")),
        &mut errors,
    );
    errors.extend(unknown_fields(obj, "", REFUND_FIELDS, None));

    match (payment, amount, idempotency_key) {
        (Some(payment), Some(amount), Some(idempotency_key)) if errors.is_empty() => {
            Ok(ValidRefund {
                payment,
                amount,
                idempotency_key,
            })
        }
        _ => Err(ValidationError::new("refund", errors)),
    }
}

/// Refund params that passed [`validate_refund`]: every field parsed into its value type.
///
/// ```
/// use kinetic_flow_core::payment::validate_refund;
/// let refund = validate_refund(&serde_json::json!({ "payment": "pay_1" }))?;
/// assert_eq!(refund.amount(), None); // a full refund
/// assert_eq!(refund.to_json(), serde_json::json!({ "payment": "pay_1" }));
/// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRefund {
    payment: PaymentId,
    amount: Option<Amount>,
    idempotency_key: Option<IdempotencyKey>,
}

impl ValidRefund {
    /// The id of the payment to refund.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate_refund;
    /// let refund = validate_refund(&serde_json::json!({ "payment": "pay_9" }))?;
    /// assert_eq!(refund.payment(), "pay_9");
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn payment(&self) -> &PaymentId {
        &self.payment
    }

    /// The amount to refund; `None` refunds what is left of the payment.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate_refund;
    /// let refund = validate_refund(&serde_json::json!({ "payment": "pay_9", "amount": 100 }))?;
    /// assert_eq!(refund.amount().unwrap().cents(), 100);
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn amount(&self) -> Option<Amount> {
        self.amount
    }

    /// The idempotency key given in the params, if any.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate_refund;
    /// let refund = validate_refund(&serde_json::json!({ "payment": "pay_9", "idempotency_key": "rf-1" }))?;
    /// assert_eq!(refund.idempotency_key().map(|k| k.as_str()), Some("rf-1"));
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn idempotency_key(&self) -> Option<&IdempotencyKey> {
        self.idempotency_key.as_ref()
    }

    /// This refund with `key` as its idempotency key (replacing any from the params).
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate_refund;
    /// use kinetic_flow_core::idempotency::IdempotencyKey;
    /// let refund = validate_refund(&serde_json::json!({ "payment": "pay_9" }))?
    ///     .with_idempotency_key(IdempotencyKey::parse("rf-2").unwrap());
    /// assert_eq!(refund.to_json()["idempotency_key"], "rf-2");
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    #[must_use]
    pub fn with_idempotency_key(mut self, key: IdempotencyKey) -> Self {
        self.idempotency_key = Some(key);
        self
    }

    /// The normalized wire body: `payment`, `amount` only when set, `idempotency_key` only
    /// when set.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::validate_refund;
    /// use serde_json::json;
    /// let refund = validate_refund(&json!({ "payment": "pay_9", "amount": 5, "idempotency_key": null }))?;
    /// assert_eq!(refund.to_json(), json!({ "payment": "pay_9", "amount": 5 }));
    /// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
    /// ```
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("payment".into(), self.payment.as_str().into());
        if let Some(amount) = self.amount {
            m.insert("amount".into(), amount.cents().into());
        }
        if let Some(k) = &self.idempotency_key {
            m.insert("idempotency_key".into(), k.as_str().into());
        }
        Value::Object(m)
    }
}

/// Typed `POST /v1/refunds` params for Rust callers (snake_case on the wire).
///
/// It holds plain values; [`CreateRefund::validate`] serializes it to JSON and runs the one
/// [`validate_refund`], so the rules exist once. Deserializing agrees with
/// [`validate_refund`] on the shape: unknown fields are refused (`deny_unknown_fields`).
///
/// ```
/// use kinetic_flow_core::payment::CreateRefund;
/// let refund = CreateRefund::new("pay_1a2b3c4d").with_amount(500).validate()?;
/// assert_eq!(refund.amount().map(|a| a.cents()), Some(500));
///
/// let err = CreateRefund::new("pay_1a2b3c4d").with_amount(0).validate().unwrap_err();
/// assert_eq!(err.errors()[0].code, "amount_too_small");
/// let typo = serde_json::json!({ "payment": "pay_1", "amout": 5 });
/// assert!(serde_json::from_value::<CreateRefund>(typo).is_err());
/// # Ok::<(), kinetic_flow_core::payment::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreateRefund {
    /// The id of the payment to refund (`pay_…`); a [`PaymentId`] converts.
    pub payment: String,
    /// Minor units to refund; `None` refunds what is left of the payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u64>,
    /// Idempotency key to send in the body (request builders also send it as a header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

impl CreateRefund {
    /// A full refund of `payment`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::CreateRefund;
    /// use kinetic_flow_core::request::PaymentId;
    /// let id: PaymentId = "pay_1".parse()?;
    /// let req = CreateRefund::new(id);
    /// assert_eq!((req.payment.as_str(), req.amount), ("pay_1", None));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn new(payment: impl Into<String>) -> Self {
        CreateRefund {
            payment: payment.into(),
            amount: None,
            idempotency_key: None,
        }
    }

    /// Refunds `amount` minor units instead of the whole payment.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateRefund;
    /// assert_eq!(CreateRefund::new("pay_1").with_amount(250).amount, Some(250));
    /// ```
    pub fn with_amount(mut self, amount: u64) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Sets the body's idempotency key.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::CreateRefund;
    /// let req = CreateRefund::new("pay_1").with_idempotency_key("refund-order-7");
    /// assert_eq!(req.validate().unwrap().idempotency_key().unwrap().as_str(), "refund-order-7");
    /// ```
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Validates these params with [`validate_refund`].
    ///
    /// ```
    /// use kinetic_flow_core::payment::CreateRefund;
    /// let err = CreateRefund::new("pay_a/b").validate().unwrap_err();
    /// assert_eq!((err.errors()[0].param.as_str(), err.errors()[0].code), ("payment", "invalid_id"));
    /// ```
    pub fn validate(&self) -> Result<ValidRefund, ValidationError> {
        match serde_json::to_value(self) {
            Ok(v) => validate_refund(&v),
            // Unreachable in practice (every field serializes); reported, not panicked.
            Err(e) => Err(ValidationError::new(
                "refund",
                vec![FieldError::new(
                    "",
                    code::INVALID_TYPE,
                    crate::text::cat(&["the refund could not be serialized: ", &e.to_string()]),
                )],
            )),
        }
    }
}
