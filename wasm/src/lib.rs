//! `kinetic-flow-wasm`: the wasm-bindgen exports of the npm package `@kinetic/flow-core`
//! (compiled only for wasm32; `scripts/build-pkg.sh` builds it). A crate of its own, so that no
//! Rust dependent of `kinetic-flow-core` gets these exports, this allocator or the wasm-bindgen pin.
//!
//! This layer only translates: JS values in, core types, JS values out, and core errors into
//! plain JS error objects `{ flowClass, code, message, ... }` that the package's JS layer turns
//! into `FlowError` subclasses. No rule of SPEC lives here; every check is the core's.
//!
//! Guarding: every export takes what JS may pass (strings, bytes, `JsValue`, `Option<f64>`) and
//! never panics (the crate denies `unwrap`/`expect`/`panic`/indexing), so a wrong JS value becomes
//! an error object, not a trap. Hot paths (webhook verification) take already-typed arguments,
//! because the JS layer picks between the `Text` and `Bytes` variants.

#![cfg(target_arch = "wasm32")]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

use std::cell::RefCell;

mod call;
mod mac;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

use kinetic_flow_core::__bindings::EventSummary;
use kinetic_flow_core::api_error::{self, ApiError, RetryPolicy};
use kinetic_flow_core::idempotency;
use kinetic_flow_core::payment::{self, Rail, RailLimits};
use kinetic_flow_core::request::{Client, KeySource, RequestError};
use kinetic_flow_core::webhook::{self, SecretProblem, Verifier, WebhookError};
use kinetic_flow_core::{FieldError, UnixTime};
use std::time::Duration;

/// talc instead of std's dlmalloc: a few KB less in the package (BENCHMARKS.md, "Size").
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// ---------------------------------------------------------------------------------------------
// Error objects
// ---------------------------------------------------------------------------------------------

/// Which `FlowError` subclass the JS layer builds.
#[derive(Clone, Copy)]
enum Class {
    Webhook,
    Validation,
    Api,
    Connection,
    Configuration,
}

impl Class {
    fn as_str(self) -> &'static str {
        match self {
            Class::Webhook => "webhook",
            Class::Validation => "validation",
            Class::Api => "api",
            Class::Connection => "connection",
            Class::Configuration => "configuration",
        }
    }
}

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Reflect.set on a fresh plain object cannot fail; nothing to do if it ever did.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn opt_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

fn error_object(class: Class, code: &str, message: &str) -> Object {
    let obj = Object::new();
    set(&obj, "flowClass", class.as_str());
    set(&obj, "code", code);
    set(&obj, "message", message);
    obj
}

fn webhook_error(err: &WebhookError) -> JsValue {
    // The npm package's messages carry the advice (framework recipes) after the statement.
    let message = format!("{err} {}", err.advice());
    let obj = error_object(Class::Webhook, err.code(), &message);
    // The status a webhook handler answers with: the core's decision, not a table in JS.
    set(&obj, "status", f64::from(err.http_status()));
    match err {
        WebhookError::TimestampOutsideTolerance {
            timestamp,
            now,
            tolerance,
        } => {
            // Unix seconds fit f64 exactly (|t| < 2^53).
            set(&obj, "timestamp", timestamp.as_secs() as f64);
            set(&obj, "now", now.as_secs() as f64);
            set(&obj, "tolerance", tolerance.as_secs() as f64);
        }
        WebhookError::InvalidSecret { index, .. } => {
            set(&obj, "secretIndex", *index as f64);
        }
        _ => {}
    }
    obj.into()
}

fn field_errors(errors: &[FieldError]) -> Array {
    errors
        .iter()
        .map(|e| {
            let field = Object::new();
            set(&field, "param", e.param.as_str());
            set(&field, "code", e.code);
            set(&field, "message", e.message.as_str());
            JsValue::from(field)
        })
        .collect()
}

/// `validation_failed` with every field error (payments, fingerprints).
fn validation_error(err: payment::ValidationError) -> JsValue {
    let obj = error_object(Class::Validation, err.code(), &err.to_string());
    set(&obj, "errors", field_errors(err.errors()));
    obj.into()
}

fn request_error(err: &RequestError) -> JsValue {
    let class = match err {
        RequestError::InvalidApiKey { .. } | RequestError::InvalidBaseUrl { .. } => {
            Class::Configuration
        }
        _ => Class::Validation,
    };
    // `validation_failed` says what is wrong in its source (the field errors, summarised).
    let message = match std::error::Error::source(err) {
        Some(source) => source.to_string(),
        None => err.to_string(),
    };
    let obj = error_object(class, err.code(), &message);
    if let RequestError::InvalidId { param, .. } = err {
        set(&obj, "param", param.as_str());
    }
    if matches!(class, Class::Validation) {
        set(&obj, "errors", field_errors(err.errors()));
    }
    obj.into()
}

/// An argument of the wrong JS type or range: a `ValidationError` (`validation_failed`) with one
/// field error, like every other "this input is wrong" answer of the package.
fn argument_error(param: &str, message: &str) -> JsValue {
    let obj = error_object(
        Class::Validation,
        "validation_failed",
        &format!("{param}: {message}"),
    );
    let field = Object::new();
    set(&field, "param", param);
    set(&field, "code", "invalid_type");
    set(&field, "message", message);
    set(&obj, "errors", Array::of1(&field));
    obj.into()
}

fn js_type(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        "an array".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

// ---------------------------------------------------------------------------------------------
// Number arguments: JS passes numbers (or NaN for a non-number); the core takes integers.
// ---------------------------------------------------------------------------------------------

/// Largest integer a JS number holds exactly.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

fn whole(value: f64, param: &str, what: &str) -> Result<f64, JsValue> {
    if value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE {
        Ok(value)
    } else {
        Err(argument_error(param, &format!("must be {what}")))
    }
}

fn to_i64(value: f64, param: &str, what: &str) -> Result<i64, JsValue> {
    // In range by `whole`; `as` from an integral f64 below 2^53 is exact.
    Ok(whole(value, param, what)? as i64)
}

fn to_u64(value: f64, param: &str, what: &str) -> Result<u64, JsValue> {
    let v = whole(value, param, what)?;
    if v < 0.0 {
        return Err(argument_error(param, &format!("must be {what}")));
    }
    Ok(v as u64)
}

fn to_u32(value: f64, param: &str, what: &str) -> Result<u32, JsValue> {
    let v = to_u64(value, param, what)?;
    u32::try_from(v).map_err(|_| argument_error(param, &format!("must be {what}")))
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/// `secret | secret[]` from JS. A non-string is refused here with the core's `invalid_secret`
/// code (the core cannot see a value that is not text).
fn secrets_from_js(value: &JsValue) -> Result<Vec<String>, JsValue> {
    let not_text = |index: usize, found: &JsValue| {
        let code = WebhookError::InvalidSecret {
            index,
            problem: SecretProblem::None,
        }
        .code();
        let message = format!(
            "The webhook secret must be a string (or an array of strings, for a rotation); secret {index} is {}. Pass the endpoint's signing secret (whsec_...) as text.",
            js_type(found)
        );
        let obj = error_object(Class::Webhook, code, &message);
        set(&obj, "secretIndex", index as f64);
        JsValue::from(obj)
    };
    if let Some(s) = value.as_string() {
        return Ok(vec![s]);
    }
    if !Array::is_array(value) {
        return Err(not_text(0, value));
    }
    Array::from(value)
        .iter()
        .enumerate()
        .map(|(i, v)| v.as_string().ok_or_else(|| not_text(i, &v)))
        .collect()
}

/// A keyed verifier kept across calls, and its secrets (only read again to explain a mismatch
/// through the core's free `verify`, which adds the `whsec_` prefix hint).
struct Slot {
    verifier: Verifier,
    secrets: Vec<String>,
    /// The HMAC key blocks for the host's SHA-256 (Node: `node:crypto`), see `mac`.
    host: mac::HostKeys,
}

impl Slot {
    /// The core's `verify_signature`, with the host's HMAC primitive when it has one.
    fn verify_signature(
        &self,
        payload: &[u8],
        header: &str,
        now: i64,
    ) -> Result<(usize, i64), WebhookError> {
        let (header, now) = (header.as_bytes(), UnixTime::from_secs(now));
        let verified = if mac::available() {
            let backend = mac::HostMac {
                keys: &self.host,
                fallback: &self.verifier,
            };
            self.verifier
                .verify_signature_with(&backend, payload, header, now)
        } else {
            self.verifier.verify_signature(payload, header, now)
        };
        verified.map(|(index, timestamp)| (index, timestamp.as_secs()))
    }
}

/// Live verifiers are few: the JS layer caches at most 16 and frees the ones it evicts.
const MAX_VERIFIERS: usize = 64;

thread_local! {
    static VERIFIERS: RefCell<Vec<Option<Slot>>> = const { RefCell::new(Vec::new()) };
}

/// Keys a verifier for `secrets` (a string or an array of strings) and returns its handle.
#[wasm_bindgen(js_name = webhookVerifierNew)]
pub fn webhook_verifier_new(secrets: JsValue, tolerance: Option<f64>) -> Result<u32, JsValue> {
    let secrets = secrets_from_js(&secrets)?;
    let mut verifier = Verifier::new(&secrets).map_err(|e| webhook_error(&e))?;
    if let Some(t) = tolerance {
        let secs = to_u64(t, "tolerance", "a whole number of seconds >= 0")?;
        verifier = verifier.tolerance(Duration::from_secs(secs));
    }
    let host = mac::HostKeys::new(&secrets);
    let slot = Slot {
        verifier,
        secrets,
        host,
    };
    VERIFIERS.with(|cell| {
        let mut slots = cell.borrow_mut();
        if let Some((i, free)) = slots.iter_mut().enumerate().find(|(_, s)| s.is_none()) {
            *free = Some(slot);
            return Ok(i as u32);
        }
        if slots.len() >= MAX_VERIFIERS {
            return Err(argument_error(
                "secret",
                "too many live verifiers (internal cache overflow); this is a bug in @kinetic/flow-core",
            ));
        }
        slots.push(Some(slot));
        Ok((slots.len() - 1) as u32)
    })
}

/// Frees a verifier handle (unknown handles are ignored).
#[wasm_bindgen(js_name = webhookVerifierFree)]
pub fn webhook_verifier_free(id: u32) {
    VERIFIERS.with(|cell| {
        if let Some(slot) = cell.borrow_mut().get_mut(id as usize) {
            *slot = None;
        }
    });
}

fn with_verifier<T>(id: u32, f: impl FnOnce(&Slot) -> Result<T, JsValue>) -> Result<T, JsValue> {
    VERIFIERS.with(|cell| match cell.borrow().get(id as usize) {
        Some(Some(slot)) => f(slot),
        _ => Err(argument_error(
            "secret",
            "unknown verifier handle; this is a bug in @kinetic/flow-core",
        )),
    })
}

fn now_arg(now: f64) -> Result<i64, JsValue> {
    to_i64(now, "now", "a whole number of Unix seconds (or a Date)")
}

/// Maps a verification failure; on `signature_mismatch` asks the core for the `whsec_` prefix
/// hint the one-shot `verify` gives (the error path only), with the same MAC backend as the
/// verify.
fn verify_error(slot: &Slot, err: WebhookError, payload: &[u8], header: &str) -> JsValue {
    if !matches!(err, WebhookError::SignatureMismatch { .. }) {
        return webhook_error(&err);
    }
    let (variants, secrets) = kinetic_flow_core::__bindings::PrefixVariants::of(&slot.secrets);
    let full = if mac::available() {
        let keys = mac::HostKeys::new(&secrets);
        let backend = mac::HostMac {
            keys: &keys,
            fallback: variants.verifier(),
        };
        variants.add_hint(&backend, err, payload, header.as_bytes())
    } else {
        variants.add_hint(variants.verifier(), err, payload, header.as_bytes())
    };
    webhook_error(&full)
}

/// Signature, time, then the event rule (`invalid_event`), in `Verifier::verify`'s order, but
/// with `EventSummary::read`, which applies `Event::parse`'s rule without building the JSON tree:
/// the JS layer `JSON.parse`s the body itself, so a tree built here would be thrown away.
fn verify_event(id: u32, payload: &[u8], header: &str, now: f64) -> Result<u32, JsValue> {
    let now = now_arg(now)?;
    with_verifier(id, |slot| {
        match slot.verify_signature(payload, header, now) {
            Ok((index, _)) => match EventSummary::read(payload) {
                Ok(_) => Ok(index as u32),
                Err(e) => Err(webhook_error(&e)),
            },
            Err(e) => Err(verify_error(slot, e, payload, header)),
        }
    })
}

fn verify_signature(id: u32, payload: &[u8], header: &str, now: f64) -> Result<Vec<f64>, JsValue> {
    let now = now_arg(now)?;
    with_verifier(id, |slot| {
        match slot.verify_signature(payload, header, now) {
            Ok((index, timestamp)) => Ok(vec![index as f64, timestamp as f64]),
            Err(e) => Err(verify_error(slot, e, payload, header)),
        }
    })
}

/// Verifies signature, time and event rule of a text body (hashed as its UTF-8 bytes). Returns
/// the index of the secret that matched; the JS layer then `JSON.parse`s the body it already has.
#[wasm_bindgen(js_name = webhookVerifyText)]
pub fn webhook_verify_text(id: u32, payload: &str, header: &str, now: f64) -> Result<u32, JsValue> {
    verify_event(id, payload.as_bytes(), header, now)
}

/// [`webhook_verify_text`] for a byte body.
#[wasm_bindgen(js_name = webhookVerifyBytes)]
pub fn webhook_verify_bytes(
    id: u32,
    payload: &[u8],
    header: &str,
    now: f64,
) -> Result<u32, JsValue> {
    verify_event(id, payload, header, now)
}

/// Verifies signature and time only; returns `[secretIndex, timestamp]`.
#[wasm_bindgen(js_name = webhookVerifySignatureText)]
pub fn webhook_verify_signature_text(
    id: u32,
    payload: &str,
    header: &str,
    now: f64,
) -> Result<Vec<f64>, JsValue> {
    verify_signature(id, payload.as_bytes(), header, now)
}

/// [`webhook_verify_signature_text`] for a byte body.
#[wasm_bindgen(js_name = webhookVerifySignatureBytes)]
pub fn webhook_verify_signature_bytes(
    id: u32,
    payload: &[u8],
    header: &str,
    now: f64,
) -> Result<Vec<f64>, JsValue> {
    verify_signature(id, payload, header, now)
}

fn sign(payload: &[u8], secrets: &JsValue, timestamp: f64) -> Result<String, JsValue> {
    let secrets = secrets_from_js(secrets)?;
    let timestamp = to_u64(
        timestamp,
        "timestamp",
        "a whole number of Unix seconds >= 0",
    )?;
    // Below 2^53 by `to_u64`, so it fits an i64.
    let timestamp = UnixTime::from_secs(timestamp as i64);
    webhook::sign(payload, &secrets, timestamp).map_err(|e| webhook_error(&e))
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
#[wasm_bindgen(js_name = webhookPayloadNotRaw)]
pub fn webhook_payload_not_raw(found: &str) -> JsValue {
    webhook_error(&WebhookError::PayloadNotRaw {
        found: found.to_owned(),
    })
}

// ---------------------------------------------------------------------------------------------
// API errors
// ---------------------------------------------------------------------------------------------

/// A response body as bytes: text, bytes, or a parsed JSON value (serialised again; a value that
/// cannot be serialised reads as an empty body, which still decodes from the status).
fn body_bytes(body: &JsValue) -> Vec<u8> {
    if body.is_null() || body.is_undefined() {
        return Vec::new();
    }
    if let Some(s) = body.as_string() {
        return s.into_bytes();
    }
    if body.is_instance_of::<Uint8Array>() || body.is_instance_of::<js_sys::ArrayBuffer>() {
        return Uint8Array::new(body).to_vec();
    }
    match js_sys::JSON::stringify(body) {
        Ok(s) => s.as_string().map(String::into_bytes).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

fn api_error_object(err: &ApiError) -> JsValue {
    let obj = error_object(Class::Api, &err.code, &err.message);
    set(&obj, "status", f64::from(err.status));
    set(&obj, "kind", err.kind.as_str());
    set(&obj, "param", opt_str(err.param.as_deref()));
    set(&obj, "requestId", opt_str(err.request_id.as_deref()));
    set(
        &obj,
        "retryAfter",
        err.retry_after
            .map_or(JsValue::NULL, |d| JsValue::from(d.as_secs() as f64)),
    );
    set(&obj, "retryable", err.retryable);
    obj.into()
}

fn status_arg(status: f64) -> Result<u16, JsValue> {
    let what = "an HTTP status code (an integer from 100 to 999)";
    let v = to_u64(status, "status", what)?;
    u16::try_from(v).map_err(|_| argument_error("status", what))
}

/// Decodes a response into an API error object, or `null` for 2xx. `headers` is a flat
/// `[name, value, name, value, ...]` list made by the JS layer from `Headers` or a record.
#[wasm_bindgen(js_name = apiErrorDecode)]
pub fn api_error_decode(
    status: f64,
    body: JsValue,
    headers: Vec<String>,
    now: f64,
) -> Result<JsValue, JsValue> {
    let status = status_arg(status)?;
    let now = now_arg(now)?;
    let body = body_bytes(&body);
    let pairs = header_pairs(&headers);
    Ok(match api_error::decode(status, &body, &pairs, now) {
        Some(err) => api_error_object(&err),
        None => JsValue::NULL,
    })
}

fn header_pairs(flat: &[String]) -> Vec<(&str, &str)> {
    flat.chunks_exact(2)
        .filter_map(|pair| match pair {
            [name, value] => Some((name.as_str(), value.as_str())),
            _ => None,
        })
        .collect()
}

fn field(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The [`ApiError`] a JS `ApiError` (or any object with its fields) stands for; only `status`,
/// `retryable` and `retryAfter` matter to the retry advice.
fn api_error_from_js(error: &JsValue) -> Result<ApiError, JsValue> {
    if !error.is_object() {
        return Err(argument_error(
            "error",
            "must be an ApiError (from decodeError or a thrown ApiError)",
        ));
    }
    let status = field(error, "status").as_f64().unwrap_or(f64::NAN);
    let status = status_arg(status)?;
    let retryable = field(error, "retryable").as_bool().ok_or_else(|| {
        argument_error(
            "error",
            "must be an ApiError (from decodeError or a thrown ApiError): `retryable` is not a boolean",
        )
    })?;
    let retry_after = match field(error, "retryAfter") {
        v if v.is_null() || v.is_undefined() => None,
        v => Some(to_u64(
            v.as_f64().unwrap_or(f64::NAN),
            "error.retryAfter",
            "null or a whole number of seconds >= 0",
        )?),
    };
    // The kind does not enter the advice (`retryable` and `retryAfter` do, as the error says
    // them); a 2xx is the `invalid_response` error of `parseResponse` (a body that is not JSON).
    let error = ApiError::from_status(status, None)
        .unwrap_or_else(|| ApiError::invalid_response(status, None));
    Ok(error
        .with_retryable(retryable)
        .with_retry_after(retry_after.map(Duration::from_secs)))
}

/// Milliseconds to wait before `attempt`, or `undefined` for "do not retry".
#[wasm_bindgen(js_name = apiRetryDelay)]
pub fn api_retry_delay(
    attempt: f64,
    error: JsValue,
    base_ms: Option<f64>,
    max_ms: Option<f64>,
    max_attempts: Option<f64>,
    random: f64,
) -> Result<Option<f64>, JsValue> {
    let attempt = to_u32(attempt, "attempt", "a whole number >= 1")?;
    let error = api_error_from_js(&error)?;
    let defaults = RetryPolicy::default();
    let ms = "a whole number of milliseconds >= 0";
    let millis = |v: Option<f64>, default: Duration, param: &str| match v {
        None => Ok(default),
        Some(v) => to_u64(v, param, ms).map(Duration::from_millis),
    };
    let policy = RetryPolicy::new(
        millis(base_ms, defaults.base, "baseMs")?,
        millis(max_ms, defaults.max, "maxMs")?,
        max_attempts.map_or(Ok(defaults.max_attempts), |v| {
            to_u32(v, "maxAttempts", "a whole number >= 0")
        })?,
    );
    if !random.is_finite() {
        return Err(argument_error("random", "must be a number in [0, 1)"));
    }
    Ok(api_error::retry_delay(attempt, &error, &policy, random).map(|d| d.as_millis() as f64))
}

/// The crate version, so the JS layer can tell which core it loaded.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    kinetic_flow_core::VERSION.into()
}

// ---------------------------------------------------------------------------------------------
// Payments and idempotency
// ---------------------------------------------------------------------------------------------

/// Params arrive as JSON text (`JSON.stringify` in the JS layer keeps integers integers).
fn params(json: &str) -> Result<serde_json::Value, JsValue> {
    // As bytes: the core reads JSON from bytes everywhere else, and `from_str` would be a second
    // copy of the parser in the package (same result for text, which is valid UTF-8).
    serde_json::from_slice(json.as_bytes()).map_err(|_| {
        argument_error(
            "params",
            "must be plain JSON data (objects, arrays, strings, numbers, booleans, null)",
        )
    })
}

/// `{ fednow?, rtp?, same_day_ach?, ach?, wire?, auto? }` in cents over the SPEC table.
fn limits_from_js(value: &JsValue) -> Result<RailLimits, JsValue> {
    let mut limits = RailLimits::default();
    if value.is_null() || value.is_undefined() {
        return Ok(limits);
    }
    if !value.is_object() || Array::is_array(value) {
        return Err(argument_error(
            "limits",
            "must be an object of cents per rail, e.g. { fednow: 5000000 }",
        ));
    }
    for key in Object::keys(&Object::from(value.clone())).iter() {
        let name = key.as_string().unwrap_or_default();
        let param = format!("limits.{name}");
        let rail = Rail::parse(&name).ok_or_else(|| {
            argument_error(
                &param,
                "is not a rail: auto, fednow, rtp, same_day_ach, ach or wire",
            )
        })?;
        let cents = field(value, &name).as_f64().unwrap_or(f64::NAN);
        limits = limits.with_limit(rail, to_u64(cents, &param, "a whole number of cents >= 0")?);
    }
    Ok(limits)
}

/// Validates payment params: the normalized body as JSON text, or `validation_failed`.
#[wasm_bindgen(js_name = paymentValidate)]
pub fn payment_validate(params_json: &str, limits: JsValue) -> Result<String, JsValue> {
    let limits = limits_from_js(&limits)?;
    let valid =
        payment::validate_with_limits(&params(params_json)?, &limits).map_err(validation_error)?;
    Ok(valid.to_json().to_string())
}

/// `idk_` + 32 hex digits from 16 random bytes (the JS layer fills them from
/// `crypto.getRandomValues`).
#[wasm_bindgen(js_name = idempotencyGenerate)]
pub fn idempotency_generate(random: &[u8]) -> Result<String, JsValue> {
    let bytes = <[u8; 16]>::try_from(random)
        .map_err(|_| argument_error("random", "must be exactly 16 bytes"))?;
    Ok(idempotency::generate(bytes).as_str().to_owned())
}

fn string_arg(value: &JsValue, param: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| argument_error(param, &format!("must be a string, not {}", js_type(value))))
}

/// The deterministic key for `(scope, reference)`.
#[wasm_bindgen(js_name = idempotencyDerive)]
pub fn idempotency_derive(scope: JsValue, reference: JsValue) -> Result<String, JsValue> {
    let scope = string_arg(&scope, "scope")?;
    let reference = string_arg(&reference, "reference")?;
    Ok(idempotency::derive(&scope, &reference).as_str().to_owned())
}

/// `sha256:` + 64 hex digits over the canonical validated body; `validation_failed` if invalid.
#[wasm_bindgen(js_name = idempotencyFingerprint)]
pub fn idempotency_fingerprint(params_json: &str) -> Result<String, JsValue> {
    let valid = payment::validate(&params(params_json)?).map_err(validation_error)?;
    Ok(idempotency::fingerprint(&valid))
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/// The client for `apiKey` and `baseUrl` (optional), re-made per call: it is cheap, and no state
/// then outlives a restart of the instance.
fn client(api_key: &JsValue, base_url: &JsValue) -> Result<Client, JsValue> {
    let key = api_key.as_string().unwrap_or_default();
    let client = Client::new(&key).map_err(|e| request_error(&e))?;
    if base_url.is_null() || base_url.is_undefined() {
        return Ok(client);
    }
    let url = base_url.as_string().ok_or_else(|| {
        JsValue::from(error_object(
            Class::Configuration,
            "invalid_base_url",
            "invalid base URL: baseUrl must be a string such as https://api.kinetic.dev.",
        ))
    })?;
    client.with_base_url(&url).map_err(|e| request_error(&e))
}

/// Checks the options of `new Kinetic(...)`; returns the mode, `test` or `live`.
#[wasm_bindgen(js_name = requestMode)]
pub fn request_mode(api_key: JsValue, base_url: JsValue) -> Result<String, JsValue> {
    Ok(client(&api_key, &base_url)?.mode().as_str().to_owned())
}

/// Builds one request: `kind` is `create_payment`, `create_refund`, `create_token` (with
/// `params_json`, the `idempotency_key` option and 16 random bytes) or `retrieve_payment`,
/// `retrieve_event` (with `id`). Returns `{ method, url, headers: { name: value }, body? }`.
#[wasm_bindgen(js_name = requestBuild)]
#[allow(clippy::too_many_arguments)]
pub fn request_build(
    api_key: JsValue,
    base_url: JsValue,
    kind: &str,
    id: JsValue,
    params_json: &str,
    idempotency_key: JsValue,
    random: &[u8],
) -> Result<JsValue, JsValue> {
    let client = client(&api_key, &base_url)?;
    let built = build(&client, kind, &id, params_json, &idempotency_key, random)?;
    Ok(request_object(&built).into())
}

/// Params from JS: the JSON text, with the JS spelling `idempotencyKey` (the API docs'
/// quickstart) renamed to the wire's `idempotency_key` when that is not also given. The core
/// then decides the rest (an option that differs from it is `invalid_idempotency_key`).
fn js_params(json: &str) -> Result<serde_json::Value, JsValue> {
    let mut value = params(json)?;
    if let serde_json::Value::Object(map) = &mut value {
        if !map.contains_key("idempotency_key") {
            if let Some(key) = map.remove("idempotencyKey") {
                map.insert("idempotency_key".to_owned(), key);
            }
        }
    }
    Ok(value)
}

/// The core's request for `kind` (see [`request_build`]).
fn build(
    client: &Client,
    kind: &str,
    id: &JsValue,
    params_json: &str,
    idempotency_key: &JsValue,
    random: &[u8],
) -> Result<kinetic_flow_core::request::HttpRequest, JsValue> {
    let given = match idempotency_key {
        v if v.is_null() || v.is_undefined() => None,
        v => Some(string_arg(v, "idempotencyKey")?),
    };
    let bytes = <[u8; 16]>::try_from(random)
        .map_err(|_| argument_error("random", "must be exactly 16 bytes"))?;
    let source = match &given {
        Some(key) => KeySource::Given(key),
        None => KeySource::Random(bytes),
    };
    match kind {
        "retrieve_payment" => client.build_retrieve_payment(&string_arg(id, "id")?),
        "retrieve_event" => client.build_retrieve_event(&string_arg(id, "id")?),
        "create_payment" => client.build_create_payment(&js_params(params_json)?, source),
        "create_refund" => client.build_create_refund(&js_params(params_json)?, source),
        "create_token" => client.build_create_token(&js_params(params_json)?, source),
        _ => return Err(argument_error("kind", "unknown request kind")),
    }
    .map_err(|e| request_error(&e))
}

/// `{ method, url, headers: { name: value }, body? }`, what `fetch(url, init)` takes.
fn request_object(built: &kinetic_flow_core::request::HttpRequest) -> Object {
    let obj = Object::new();
    set(&obj, "method", built.method.as_str());
    set(&obj, "url", built.url.as_str());
    let headers = Object::new();
    for (name, value) in &built.headers {
        set(&headers, name, value.as_str());
    }
    set(&obj, "headers", headers);
    if let Some(body) = &built.body {
        set(&obj, "body", body.as_str());
    }
    obj
}

/// A response into its resource (as JSON text) or the decoded API error (thrown).
#[wasm_bindgen(js_name = requestParseResponse)]
pub fn request_parse_response(
    api_key: JsValue,
    base_url: JsValue,
    status: f64,
    body: JsValue,
    headers: Vec<String>,
    now: f64,
) -> Result<String, JsValue> {
    let client = client(&api_key, &base_url)?;
    let status = status_arg(status)?;
    let now = now_arg(now)?;
    let body = body_bytes(&body);
    let pairs = header_pairs(&headers);
    match client.parse_response(status, &body, &pairs, now) {
        Ok(value) => Ok(value.to_string()),
        Err(err) => Err(api_error_object(&err)),
    }
}
