//! Refund and token params, and the id and body checks they share.

use serde_json::{Map, Value};

use super::client::resolve_key;
use super::{Client, HttpRequest, KeySource, RequestError, INVALID_ID, MAX_ID_LEN};
use crate::idempotency::IdempotencyKey;
use crate::payment::{code, AccountNumber, Amount, RoutingNumber, ValidationError};
use crate::FieldError;

impl Client {
    /// `POST /v1/refunds` with params `{ payment, amount?, idempotency_key? }`: `payment` a
    /// `pay_…` id (code `invalid_id`), `amount` (omit for a full refund) an integer ≥ 1 in
    /// minor units. Every problem is reported at once (`validation_failed`), unknown fields
    /// included (`unknown_field`).
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use serde_json::json;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_refund(
    ///     &json!({ "payment": "pay_1a2b3c4d", "amount": 500 }),
    ///     KeySource::Given("refund-1"),
    /// )?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/refunds");
    /// let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    /// assert_eq!(body, json!({ "payment": "pay_1a2b3c4d", "amount": 500, "idempotency_key": "refund-1" }));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_create_refund(
        &self,
        params: &Value,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        const FIELDS: [&str; 3] = ["payment", "amount", "idempotency_key"];
        let obj = body_object(params, "refund", "{ payment, amount? }")?;
        let field = |name: &str| obj.get(name).filter(|v| !v.is_null());
        let mut errors = Vec::new();

        let payment = match field("payment") {
            None => Err(FieldError::new(
                "payment",
                code::REQUIRED,
                "payment is required: the id (pay_…) of the payment to refund.",
            )),
            Some(Value::String(id)) => check_id(id, "pay_", "payment")
                .map(|()| id.clone())
                .map_err(|m| FieldError::new("payment", INVALID_ID, m)),
            Some(other) => Err(FieldError::new(
                "payment",
                INVALID_ID,
                format!(
                    "payment must be a payment id string (pay_…); got {}.",
                    json_kind(other)
                ),
            )),
        };
        let amount = match field("amount") {
            None => Ok(None),
            Some(v) => match Amount::from_json(v) {
                Some(amount) => amount.map(Some),
                None => Err(FieldError::new(
                    "amount",
                    code::INVALID_TYPE,
                    format!(
                        "amount must be an integer in minor units (500 = $5.00), or omitted for \
                         a full refund; got {}.",
                        json_kind(v)
                    ),
                )),
            },
        };
        let params_key = params_idempotency_key(field("idempotency_key"));
        for result in [
            payment.as_ref().err(),
            amount.as_ref().err(),
            params_key.as_ref().err(),
        ] {
            errors.extend(result.cloned());
        }
        errors.extend(unknown_fields(obj, &FIELDS, "a refund"));
        let (Ok(payment), Ok(amount), Ok(params_key), true) =
            (payment, amount, params_key, errors.is_empty())
        else {
            return Err(ValidationError::new("refund", errors).into());
        };

        let key = resolve_key(params_key.as_ref(), key)?;
        let mut body = Map::new();
        body.insert("payment".into(), payment.into());
        if let Some(amount) = amount {
            body.insert("amount".into(), amount.cents().into());
        }
        body.insert("idempotency_key".into(), key.as_str().into());
        Ok(self.post("/v1/refunds", &key, &Value::Object(body)))
    }

    /// `POST /v1/tokens` with bank details `{ routing_number, account_number, idempotency_key? }`,
    /// checked by [`RoutingNumber::parse`] and [`AccountNumber::parse`] (errors on params
    /// `routing_number` and `account_number`). Use the returned `tok_…` as a payment destination
    /// so that account numbers stay out of later requests.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use serde_json::json;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_token(
    ///     &json!({ "routing_number": "021000021", "account_number": "000123456789" }),
    ///     KeySource::Random([7; 16]),
    /// )?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/tokens");
    ///
    /// let err = client
    ///     .build_create_token(&json!({ "routing_number": "021000022", "account_number": "****6789" }),
    ///                         KeySource::Random([7; 16]))
    ///     .unwrap_err();
    /// let got: Vec<(&str, &str)> = err.errors().iter().map(|e| (e.param.as_str(), e.code)).collect();
    /// assert_eq!(got, [("routing_number", "routing_number_checksum"), ("account_number", "masked_account_number")]);
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_create_token(
        &self,
        params: &Value,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        const FIELDS: [&str; 3] = ["routing_number", "account_number", "idempotency_key"];
        let obj = body_object(params, "token", "{ routing_number, account_number }")?;
        let field = |name: &str| obj.get(name).filter(|v| !v.is_null());

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
                format!(
                    "routing_number must be a string of 9 digits; got {}.",
                    json_kind(other)
                ),
            )),
        };
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
                format!(
                    "account_number must be a string of 4 to 17 digits (leading zeros kept); got {}.",
                    json_kind(other)
                ),
            )),
        };
        let params_key = params_idempotency_key(field("idempotency_key"));
        let mut errors = Vec::new();
        for result in [
            routing.as_ref().err(),
            account.as_ref().err(),
            params_key.as_ref().err(),
        ] {
            errors.extend(result.cloned());
        }
        errors.extend(unknown_fields(obj, &FIELDS, "a token"));
        let (Ok(routing), Ok(account), Ok(params_key), true) =
            (routing, account, params_key, errors.is_empty())
        else {
            return Err(ValidationError::new("token", errors).into());
        };

        let key = resolve_key(params_key.as_ref(), key)?;
        let mut body = Map::new();
        body.insert("routing_number".into(), routing.as_str().into());
        body.insert("account_number".into(), account.as_str().into());
        body.insert("idempotency_key".into(), key.as_str().into());
        Ok(self.post("/v1/tokens", &key, &Value::Object(body)))
    }
}

/// Checks a resource id: `prefix` then 1 to 255 ASCII letters or digits. The message names
/// `param` and, when the id has another known prefix, what it is; it never quotes the id.
pub(super) fn check_id(id: &str, prefix: &str, param: &str) -> Result<(), String> {
    let what = |p: &str| match p {
        "pay_" => "a payment id",
        "evt_" => "an event id",
        _ => "an id",
    };
    let ok = id.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty()
            && id.len() <= MAX_ID_LEN
            && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if ok {
        return Ok(());
    }
    let mut message = format!(
        "{param} must be {} (\"{prefix}\" followed by 1 to 255 ASCII letters or digits)",
        what(prefix)
    );
    const KNOWN: [(&str, &str); 8] = [
        ("pay_", "a payment id"),
        ("evt_", "an event id"),
        ("re_", "a refund id"),
        ("tok_", "a token"),
        ("po_", "a payout id"),
        ("idk_", "an idempotency key"),
        ("sk_", "an API key: never put it in a URL or a body"),
        (
            "whsec_",
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

/// The params as a JSON object, or `validation_failed` with one `invalid_type` on `""`.
fn body_object<'v>(
    params: &'v Value,
    what: &'static str,
    shape: &str,
) -> Result<&'v Map<String, Value>, RequestError> {
    params.as_object().ok_or_else(|| {
        RequestError::from(ValidationError::new(
            what,
            vec![FieldError::new(
                "",
                code::INVALID_TYPE,
                format!(
                    "the {what} params must be a JSON object {shape}; got {}.",
                    json_kind(params)
                ),
            )],
        ))
    })
}

/// An optional `idempotency_key` in params, checked by [`IdempotencyKey::parse`].
fn params_idempotency_key(v: Option<&Value>) -> Result<Option<IdempotencyKey>, FieldError> {
    match v {
        None => Ok(None),
        Some(Value::String(s)) => IdempotencyKey::parse(s).map(Some),
        Some(other) => Err(FieldError::new(
            "idempotency_key",
            code::INVALID_IDEMPOTENCY_KEY,
            format!(
                "idempotency_key must be a string of 1 to 255 printable ASCII characters; got {}.",
                json_kind(other)
            ),
        )),
    }
}

/// `unknown_field` for each key not in `known`, in key order.
fn unknown_fields<'a>(
    obj: &'a Map<String, Value>,
    known: &'a [&str],
    what: &'a str,
) -> impl Iterator<Item = FieldError> + 'a {
    obj.keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(move |k| {
            FieldError::new(
                k.clone(),
                code::UNKNOWN_FIELD,
                format!(
                    "unknown field: {what} takes only {}; remove this one.",
                    known.join(", ")
                ),
            )
        })
}

/// A payment-module error on `destination.<field>` moved to the top-level `<field>`.
fn at_top_level(mut e: FieldError) -> FieldError {
    if let Some(field) = e.param.strip_prefix("destination.") {
        let field = field.to_owned();
        e.message = e.message.replace(&e.param, &field);
        e.param = field;
    }
    e
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
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
}
