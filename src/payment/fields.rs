//! Reading a params object field by field: the pieces that payment, refund and token
//! validation share (the object itself, `idempotency_key`, unknown fields, naming JSON types),
//! so that each is written once.

use serde_json::{Map, Value};

use super::suggest::suggest;
use super::{code, ValidationError};
use crate::idempotency::IdempotencyKey;
use crate::FieldError;

/// Longest unknown key quoted in a message; longer keys are cut (the `param` keeps all of it,
/// up to [`MAX_PARAM_CHARS`](super::MAX_PARAM_CHARS)).
const MAX_QUOTED_KEY: usize = 40;

/// The params as a JSON object, or `validation_failed` with one `invalid_type` on `""` (the
/// whole body). `shape` is what the object holds, for the message: `{ payment, amount? }`.
pub(super) fn object<'v>(
    params: &'v Value,
    subject: &'static str,
    shape: &str,
) -> Result<&'v Map<String, Value>, ValidationError> {
    params.as_object().ok_or_else(|| {
        ValidationError::new(
            subject,
            vec![FieldError::new(
                "",
                code::INVALID_TYPE,
                crate::text::cat(&[
                    "the ",
                    subject,
                    " params must be a JSON object ",
                    shape,
                    "; got ",
                    json_kind(params),
                    ".",
                ]),
            )],
        )
    })
}

/// A member of `obj`, `null` read as absent (JS callers often pass `undefined`).
pub(super) fn member<'v>(obj: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    obj.get(name).filter(|v| !v.is_null())
}

/// The optional `idempotency_key` of any params: a string checked by
/// [`IdempotencyKey::parse`].
pub(super) fn idempotency_key(v: Option<&Value>) -> Result<Option<IdempotencyKey>, FieldError> {
    match v {
        None => Ok(None),
        Some(Value::String(s)) => IdempotencyKey::parse(s).map(Some),
        Some(other) => Err(FieldError::new(
            "idempotency_key",
            code::INVALID_IDEMPOTENCY_KEY,
            crate::text::cat(&[
                "idempotency_key must be a string of 1 to 255 printable ASCII characters; got ",
                json_kind(other),
                ".",
            ]),
        )),
    }
}

/// `unknown_field` for each key of `obj` not in `known`, in sorted (byte) order, each with a
/// "did you mean" when it is a near miss.
pub(super) fn unknown_fields(
    obj: &Map<String, Value>,
    prefix: &str,
    known: &[&'static str],
    elsewhere: Option<(&str, &[&'static str])>,
) -> Vec<FieldError> {
    let mut unknown: Vec<&String> = obj
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .collect();
    // Unstable is the same order: the keys of a map are distinct.
    unknown.sort_unstable();
    unknown
        .into_iter()
        .map(|key| unknown_field(key, prefix, known, elsewhere))
        .collect()
}

/// One `unknown_field` error on `prefix` + `key`. The suggestion is a field of `known`, else
/// (`elsewhere`) a field of a nested object: a destination member sent at the top level,
/// `{"routing_number": ...}`, suggests `destination.routing_number`.
fn unknown_field(
    key: &str,
    prefix: &str,
    known: &[&'static str],
    elsewhere: Option<(&str, &[&'static str])>,
) -> FieldError {
    let mut shown: String = key.chars().take(MAX_QUOTED_KEY).collect();
    if shown.len() < key.len() {
        shown.push('…');
    }
    // Quoted as a JSON string, so control characters in a key cannot break a log line.
    let mut quoted = String::new();
    crate::json::write_string(&crate::text::cat(&[prefix, &shown]), &mut quoted);
    let hint = match suggest(key, known) {
        Some(s) => Some(crate::text::cat(&[prefix, s])),
        None => elsewhere.and_then(|(nested, fields)| {
            suggest(key, fields).map(|s| crate::text::cat(&[nested, s]))
        }),
    };
    let message = match hint {
        Some(h) => crate::text::cat(&["unknown field ", &quoted, "; did you mean \"", &h, "\"?"]),
        None => {
            let mut m = crate::text::cat(&["unknown field ", &quoted, "; the fields are "]);
            for (i, k) in known.iter().enumerate() {
                if i > 0 {
                    m.push_str(", ");
                }
                m.push_str(k);
            }
            m.push('.');
            m
        }
    };
    FieldError::new(
        crate::text::cat(&[prefix, key]),
        code::UNKNOWN_FIELD,
        message,
    )
}

/// What a JSON value is, for "got …" in messages.
pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a floating-point number",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Collects the error of `r` into `errors`; the value, if any.
pub(super) fn keep<T>(r: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}
