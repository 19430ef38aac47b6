//! `kinetic-flow-wasm`: the wasm-bindgen exports of the npm package `@kinetic/flow`
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
// The deny list is the workspace's (Cargo.toml `[workspace.lints.clippy]`); tests are exempt.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod call;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use kinetic_flow_core::__bindings::{cat, json_parse, json_text};
use kinetic_flow_core::api_error::{self, ApiError, RetryPolicy};
use kinetic_flow_core::idempotency;
use kinetic_flow_core::payment::{self, Rail, RailLimits};
use kinetic_flow_core::request::{Client, KeySource, RequestError};
use kinetic_flow_core::{FieldError, UnixTime};
use std::time::Duration;
// The webhook exports (and the allocator) come from the webhooks-only crate, linked in here; so
// do the translation helpers both modules share.
use kinetic_flow_wasm_webhooks::js::{self, Array, Object};
use kinetic_flow_wasm_webhooks::{
    argument_error, error_object, js_type, now_arg, opt_str, set, to_i64, to_u32, to_u64,
    webhook_error, Class, MAX_SAFE,
};

// ---------------------------------------------------------------------------------------------
// Error objects of the full module
// ---------------------------------------------------------------------------------------------

fn field_errors(errors: &[FieldError]) -> Array {
    let list = Array::new();
    for e in errors {
        let field = Object::new();
        set(&field, "param", e.param.as_str());
        set(&field, "code", e.code);
        set(&field, "message", e.message.as_str());
        list.push(&field);
    }
    list
}

/// `validation_failed` with every field error (payments, fingerprints).
fn validation_error(err: payment::ValidationError) -> JsValue {
    let obj = error_object(Class::Validation, err.code(), &err.message());
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
    let message = match err {
        RequestError::ValidationFailed { source } => source.message(),
        _ => err.message(),
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
    if body.is_instance_of::<js::Uint8Array>() || body.is_instance_of::<js::ArrayBuffer>() {
        return js::Uint8Array::bytes_of(&js::Uint8Array::new(body));
    }
    match js::stringify(body) {
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
    headers: JsValue,
    now: f64,
) -> Result<JsValue, JsValue> {
    let status = status_arg(status)?;
    let now = now_arg(now)?;
    let body = body_bytes(&body);
    let headers = header_strings(&headers);
    let pairs = header_pairs(&headers);
    Ok(
        match api_error::decode(status, &body, &pairs, UnixTime::from_secs(now)) {
            Some(err) => api_error_object(&err),
            None => JsValue::NULL,
        },
    )
}

/// The flat header list as strings. Taken as a `JsValue` rather than a `Vec<String>`: the same
/// JS array (the JS layer's `headerList` makes only strings), without wasm-bindgen's vector
/// conversion in the module; anything else reads as no headers.
fn header_strings(headers: &JsValue) -> Vec<String> {
    if !Array::is_array(headers) {
        return Vec::new();
    }
    headers
        .unchecked_ref::<Array>()
        .to_vec()
        .iter()
        .map(|v| v.as_string().unwrap_or_default())
        .collect()
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
    js::reflect_get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
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
    let policy = RetryPolicy::default()
        .with_base(millis(base_ms, defaults.base, "baseMs")?)
        .with_max(millis(max_ms, defaults.max, "maxMs")?)
        .with_max_attempts(max_attempts.map_or(Ok(defaults.max_attempts), |v| {
            to_u32(v, "maxAttempts", "a whole number >= 0")
        })?);
    if !random.is_finite() {
        return Err(argument_error("random", "must be a number in [0, 1)"));
    }
    Ok(api_error::retry_delay(attempt, &error, &policy, random)
        .map(|d| call::as_f64(d.as_millis())))
}

// ---------------------------------------------------------------------------------------------
// Payments and idempotency
// ---------------------------------------------------------------------------------------------

/// Params arrive as JSON text (`JSON.stringify` in the JS layer keeps integers integers).
fn params(json: &str) -> Result<serde_json::Value, JsValue> {
    // The core's reader (what `serde_json::from_slice` accepts and reads, without serde's
    // deserializer in the package).
    json_parse(json.as_bytes()).ok_or_else(|| {
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
    for key in Object::keys(value).to_vec() {
        let name = key.as_string().unwrap_or_default();
        let param = cat(&["limits.", &name]);
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
    Ok(json_text(&valid.to_json()))
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
        .ok_or_else(|| argument_error(param, &cat(&["must be a string, not ", &js_type(value)])))
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
    Ok(payment::fingerprint(&valid))
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/// The client for `apiKey` and `baseUrl` (optional), re-made per call: it is cheap, and no state
/// then outlives a restart of the instance.
fn client(api_key: &JsValue, base_url: &JsValue) -> Result<Client, JsValue> {
    if api_key.is_undefined() || api_key.is_null() {
        // `new Kinetic()` without a key is allowed (a service that only receives webhooks);
        // a request is not.
        return Err(error_object(
            Class::Configuration,
            "invalid_api_key",
            "No API key was given, so no request can be sent. Set KINETIC_API_KEY and pass it: \
             new Kinetic({ apiKey: process.env.KINETIC_API_KEY }) (verifying webhooks needs no key).",
        )
        .into());
    }
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

/// Checks the options of `new Kinetic(...)`; returns the mode, `test` or `live`, or `null`
/// without a key (allowed: a service that only receives webhooks; its first request is
/// `invalid_api_key`). The base URL is checked either way.
#[wasm_bindgen(js_name = requestMode)]
pub fn request_mode(api_key: JsValue, base_url: JsValue) -> Result<JsValue, JsValue> {
    if api_key.is_undefined() || api_key.is_null() {
        // The core checks a base URL on a client; any well-formed key makes one.
        client(&JsValue::from_str("sk_test_0"), &base_url)?;
        return Ok(JsValue::NULL);
    }
    Ok(JsValue::from_str(
        client(&api_key, &base_url)?.mode().as_str(),
    ))
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
/// then decides the rest (an option that differs from it is `validation_failed` on
/// `idempotency_key`, SPEC section 9).
fn js_params(json: &str) -> Result<serde_json::Value, JsValue> {
    let mut value = params(json)?;
    if let serde_json::Value::Object(map) = &mut value {
        if map.contains_key("idempotencyKey") && !map.contains_key("idempotency_key") {
            // Rebuilt by insertion rather than `remove`: removal links the map's rebalancing
            // code (about 3 KB) into the module for this one use.
            for (name, v) in std::mem::take(map) {
                let name = match name.as_str() {
                    "idempotencyKey" => "idempotency_key".to_owned(),
                    _ => name,
                };
                map.insert(name, v);
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
    headers: JsValue,
    now: f64,
) -> Result<String, JsValue> {
    let client = client(&api_key, &base_url)?;
    let status = status_arg(status)?;
    let now = now_arg(now)?;
    let body = body_bytes(&body);
    let headers = header_strings(&headers);
    let pairs = header_pairs(&headers);
    match client.parse_response(status, &body, &pairs, UnixTime::from_secs(now)) {
        Ok(value) => Ok(json_text(&value)),
        Err(err) => Err(api_error_object(&err)),
    }
}

// ---------------------------------------------------------------------------------------------
// Test deliveries
// ---------------------------------------------------------------------------------------------

/// A signed test delivery of `event_type` (the core's `webhook::test_delivery`, from its table of
/// example objects): `[body, signature]`. `overrides_json` is the JSON text of a partial event, or
/// `undefined`; `random` the 16 bytes of the event id (the JS layer fills them from
/// `crypto.getRandomValues`).
#[wasm_bindgen(js_name = webhookTestDelivery)]
pub fn webhook_test_delivery(
    event_type: JsValue,
    secrets: JsValue,
    timestamp: f64,
    random: &[u8],
    overrides_json: JsValue,
) -> Result<Vec<String>, JsValue> {
    use kinetic_flow_core::__bindings::test_delivery_signed;
    use kinetic_flow_core::event::EventType;
    use kinetic_flow_core::webhook::TestDeliveryError;
    let name = string_arg(&event_type, "type")?;
    let secrets = kinetic_flow_wasm_webhooks::secrets_from_js(&secrets)?;
    let timestamp = to_i64(
        timestamp,
        "timestamp",
        "a whole number of Unix seconds (or a Date)",
    )?;
    let random = <[u8; 16]>::try_from(random)
        .map_err(|_| argument_error("random", "must be exactly 16 bytes"))?;
    let overrides = match overrides_json.as_string() {
        Some(text) => Some(json_parse(text.as_bytes()).ok_or_else(|| {
            argument_error("overrides", "must be plain JSON data (a partial event)")
        })?),
        None => None,
    };
    let event_type = EventType::parse(&name);
    match test_delivery_signed(
        &event_type,
        &secrets,
        UnixTime::from_secs(timestamp),
        random,
        overrides,
    ) {
        Ok((body, signature)) => Ok(vec![body, signature]),
        Err(TestDeliveryError::Webhook(e)) => Err(webhook_error(&e)),
        Err(e) => {
            let param = if e.code() == "invalid_overrides" {
                "overrides"
            } else {
                "type"
            };
            let message = e.message();
            let obj = error_object(Class::Validation, e.code(), &message);
            let field = Object::new();
            set(&field, "param", param);
            set(&field, "code", e.code());
            set(&field, "message", message.as_str());
            let errors = Array::new();
            errors.push(&field);
            set(&obj, "errors", errors);
            set(&obj, "param", param);
            Err(obj.into())
        }
    }
}
