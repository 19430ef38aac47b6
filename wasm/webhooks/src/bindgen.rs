//! The wasm-bindgen helpers of the full module (feature `bindgen`, the default): JS error
//! objects (`set`, `error_object`, `argument_error`, `webhook_error`), the number arguments and
//! `secrets_from_js`, for the full module's own exports (`webhookTestDelivery` among them). The
//! webhook calls themselves have one face in both modules, `raw.rs`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::js::{self, Array, Object};

use crate::{Class, Failure};
use kinetic_flow_core::webhook::WebhookError;

// ---------------------------------------------------------------------------------------------
// Error objects
// ---------------------------------------------------------------------------------------------

pub fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Reflect.set on a fresh plain object cannot fail; nothing to do if it ever did.
    let _ = js::reflect_set(obj, &JsValue::from_str(key), &value.into());
}

pub fn opt_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

pub fn error_object(class: Class, code: &str, message: &str) -> Object {
    let obj = Object::new();
    set(&obj, "flowClass", class.as_str());
    set(&obj, "code", code);
    set(&obj, "message", message);
    obj
}

pub fn webhook_error(err: &WebhookError) -> JsValue {
    let parts = crate::webhook_parts(err);
    let obj = error_object(Class::Webhook, err.code(), &parts.message);
    for (key, value) in parts.numbers.iter().flatten() {
        set(&obj, key, *value);
    }
    obj.into()
}

/// An argument of the wrong JS type or range: a `ValidationError` (`validation_failed`) with one
/// field error, like every other "this input is wrong" answer of the package.
pub fn argument_error(param: &str, message: &str) -> JsValue {
    let mut text = String::from(param);
    text.push_str(": ");
    text.push_str(message);
    let obj = error_object(Class::Validation, "validation_failed", &text);
    let field = Object::new();
    set(&field, "param", param);
    set(&field, "code", "invalid_type");
    set(&field, "message", message);
    let errors = Array::new();
    errors.push(&field);
    set(&obj, "errors", errors);
    obj.into()
}

fn js_error(failure: Failure) -> JsValue {
    match failure {
        Failure::Webhook(e) => webhook_error(&e),
        Failure::Argument { param, message } => argument_error(&param, &message),
        Failure::SecretNotText { index, found } => {
            let message = crate::secret_not_text_message(index, &found);
            let obj = error_object(Class::Webhook, crate::secret_not_text_code(), &message);
            set(&obj, "secretIndex", index as f64);
            obj.into()
        }
    }
}

pub fn js_type(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        "an array".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Number arguments (the full module's too)
// ---------------------------------------------------------------------------------------------

// The same checks as the crate's `int_*` (lib.rs), with the error built here: the full module
// calls these from many exports, where a `Failure` to convert costs more code than it saves.

fn whole(value: f64, param: &str, what: &str) -> Result<f64, JsValue> {
    crate::whole_number(value).ok_or_else(|| must_be(param, what))
}

fn must_be(param: &str, what: &str) -> JsValue {
    let mut message = String::from("must be ");
    message.push_str(what);
    argument_error(param, &message)
}

pub fn to_i64(value: f64, param: &str, what: &str) -> Result<i64, JsValue> {
    // In range by `whole`; `as` from an integral f64 below 2^53 is exact.
    Ok(whole(value, param, what)? as i64)
}

pub fn to_u64(value: f64, param: &str, what: &str) -> Result<u64, JsValue> {
    let v = whole(value, param, what)?;
    if v < 0.0 {
        return Err(must_be(param, what));
    }
    Ok(v as u64)
}

pub fn to_u32(value: f64, param: &str, what: &str) -> Result<u32, JsValue> {
    let v = to_u64(value, param, what)?;
    u32::try_from(v).map_err(|_| must_be(param, what))
}

pub fn now_arg(now: f64) -> Result<i64, JsValue> {
    to_i64(now, "now", "a whole number of Unix seconds (or a Date)")
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/// `secret | secret[]` from JS. A non-string is refused here with the core's `invalid_secret`
/// code (the core cannot see a value that is not text).
pub fn secrets_from_js(value: &JsValue) -> Result<Vec<String>, JsValue> {
    let not_text = |index: usize, found: &JsValue| {
        js_error(Failure::SecretNotText {
            index,
            found: js_type(found),
        })
    };
    if let Some(s) = value.as_string() {
        return Ok(vec![s]);
    }
    if !Array::is_array(value) {
        return Err(not_text(0, value));
    }
    value
        .unchecked_ref::<Array>()
        .to_vec()
        .into_iter()
        .enumerate()
        .map(|(i, v)| v.as_string().ok_or_else(|| not_text(i, &v)))
        .collect()
}
