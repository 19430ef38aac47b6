//! The wasm-bindgen face (feature `bindgen`, the default): what the full module links, and the
//! translation helpers it shares (`set`, `error_object`, `argument_error`, the number
//! arguments). The calls themselves are the crate's (`lib.rs`), written once for both faces.

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

/// Keys a verifier for `secrets` (a string or an array of strings) and returns its handle.
#[wasm_bindgen(js_name = webhookVerifierNew)]
pub fn webhook_verifier_new(secrets: JsValue, tolerance: Option<f64>) -> Result<u32, JsValue> {
    let secrets = secrets_from_js(&secrets)?;
    crate::verifier_new(secrets, tolerance).map_err(js_error)
}

/// Frees a verifier handle (unknown handles are ignored).
#[wasm_bindgen(js_name = webhookVerifierFree)]
pub fn webhook_verifier_free(id: u32) {
    crate::verifier_free(id);
}

/// Verifies signature, time and event rule of a text body (hashed as its UTF-8 bytes). Returns
/// the index of the secret that matched; the JS layer then `JSON.parse`s the body it already has.
#[wasm_bindgen(js_name = webhookVerifyText)]
pub fn webhook_verify_text(id: u32, payload: &str, header: &str, now: f64) -> Result<u32, JsValue> {
    crate::verify_event(id, payload.as_bytes(), header.as_bytes(), now, None).map_err(js_error)
}

/// [`webhook_verify_text`] for a byte body.
#[wasm_bindgen(js_name = webhookVerifyBytes)]
pub fn webhook_verify_bytes(
    id: u32,
    payload: &[u8],
    header: &str,
    now: f64,
) -> Result<u32, JsValue> {
    crate::verify_event(id, payload, header.as_bytes(), now, None).map_err(js_error)
}

fn signature_pair(r: Result<(usize, i64), Failure>) -> Result<Vec<f64>, JsValue> {
    r.map(|(index, timestamp)| vec![index as f64, timestamp as f64])
        .map_err(js_error)
}

/// Verifies signature and time only; returns `[secretIndex, timestamp]`.
#[wasm_bindgen(js_name = webhookVerifySignatureText)]
pub fn webhook_verify_signature_text(
    id: u32,
    payload: &str,
    header: &str,
    now: f64,
) -> Result<Vec<f64>, JsValue> {
    signature_pair(crate::verify_signature(
        id,
        payload.as_bytes(),
        header.as_bytes(),
        now,
    ))
}

/// [`webhook_verify_signature_text`] for a byte body.
#[wasm_bindgen(js_name = webhookVerifySignatureBytes)]
pub fn webhook_verify_signature_bytes(
    id: u32,
    payload: &[u8],
    header: &str,
    now: f64,
) -> Result<Vec<f64>, JsValue> {
    signature_pair(crate::verify_signature(id, payload, header.as_bytes(), now))
}

/// The inner-hash inputs an asynchronous host (SubtleCrypto) hashes ahead of a verify of a text
/// body: one per secret, of equal length, one after another.
#[wasm_bindgen(js_name = webhookMacInputsText)]
pub fn webhook_mac_inputs_text(id: u32, payload: &str, header: &str) -> Result<Vec<u8>, JsValue> {
    mac_inputs(id, payload.as_bytes(), header)
}

/// [`webhook_mac_inputs_text`] for a byte body.
#[wasm_bindgen(js_name = webhookMacInputsBytes)]
pub fn webhook_mac_inputs_bytes(id: u32, payload: &[u8], header: &str) -> Result<Vec<u8>, JsValue> {
    mac_inputs(id, payload, header)
}

fn mac_inputs(id: u32, payload: &[u8], header: &str) -> Result<Vec<u8>, JsValue> {
    let mut inputs = Vec::new();
    crate::verify_event(id, payload, header.as_bytes(), 0.0, Some(&mut inputs))
        .map_err(js_error)?;
    Ok(inputs)
}

fn sign(payload: &[u8], secrets: &JsValue, timestamp: f64) -> Result<String, JsValue> {
    let secrets = secrets_from_js(secrets)?;
    crate::sign(payload, &secrets, timestamp).map_err(js_error)
}

/// Signs a text body: returns the `Kinetic-Signature` value, one `v1` per secret.
#[wasm_bindgen(js_name = webhookSignText)]
pub fn webhook_sign_text(
    payload: &str,
    secrets: JsValue,
    timestamp: f64,
) -> Result<String, JsValue> {
    sign(payload.as_bytes(), &secrets, timestamp)
}

/// [`webhook_sign_text`] for a byte body.
#[wasm_bindgen(js_name = webhookSignBytes)]
pub fn webhook_sign_bytes(
    payload: &[u8],
    secrets: JsValue,
    timestamp: f64,
) -> Result<String, JsValue> {
    sign(payload, &secrets, timestamp)
}

/// The core's `payload_not_raw` error for a payload of the JS type `found` (e.g. "JSON object").
/// `[generic, here]`: the generic advice of the error of `code` and the one for where it was read
/// (`reader`), or `undefined` when the advice is the same everywhere.
#[wasm_bindgen(js_name = webhookAdvice)]
pub fn webhook_advice(code: &str, reader: &str) -> JsValue {
    match crate::advice_pair(code, reader) {
        Some((generic, here)) => {
            let pair = Array::new();
            pair.push(&JsValue::from_str(generic));
            pair.push(&JsValue::from_str(here));
            pair.into()
        }
        None => JsValue::UNDEFINED,
    }
}

#[wasm_bindgen(js_name = webhookPayloadNotRaw)]
pub fn webhook_payload_not_raw(found: &str) -> JsValue {
    webhook_error(&crate::payload_not_raw(found))
}

/// The handlers' body-size limit: `max` (`maxBodyBytes`; absent, the core's default) against
/// `length` bytes. Returns the limit in bytes, or throws the core's `payload_too_large` (or
/// `validation_failed` for a `max` that is not a limit).
#[wasm_bindgen(js_name = webhookBodyLimit)]
pub fn webhook_body_limit(max: Option<f64>, length: f64) -> Result<f64, JsValue> {
    crate::body_limit(max, length).map_err(js_error)
}

/// The crate version, so the JS layer can tell which core it loaded.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    kinetic_flow_core::VERSION.into()
}
