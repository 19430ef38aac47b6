//! `kinetic-flow-wasm-webhooks`: the wasm-bindgen exports of `@kinetic/flow-core/webhooks`, the
//! webhooks-only entry of the npm package (verify, verifySignature, sign; the handlers are JS
//! shells over verify), and the webhook half of the full module: `kinetic-flow-wasm` depends on
//! this crate (as an rlib), so both modules run the same translation code, written once.
//!
//! This layer only translates: JS values in, core types, JS values out, and core errors into
//! plain JS error objects `{ flowClass, code, message, ... }` that the package's JS layer turns
//! into `FlowError` subclasses. No rule of SPEC lives here; every check is the core's.
//!
//! Size is the point of the crate (SPEC section 8: 40 KiB raw, 16 KiB gzipped): it reaches only
//! the core's `webhook` module and [`EventSummary::check`], the event rule without serde_json,
//! so the module links no JSON library (BENCHMARKS.md, "Size").
//!
//! Guarding: every export takes what JS may pass (strings, bytes, `JsValue`, `Option<f64>`) and
//! never panics (the crate denies `unwrap`/`expect`/`panic`/indexing), so a wrong JS value becomes
//! an error object, not a trap.

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

mod mac;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use kinetic_flow_core::__bindings::EventSummary;
use kinetic_flow_core::webhook::{self, SecretProblem, Verifier, WebhookError};
use kinetic_flow_core::UnixTime;
use std::time::Duration;

/// talc instead of std's dlmalloc: a few KB less in the package (BENCHMARKS.md, "Size"). The
/// full module gets it from here too (one global allocator per module).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// ---------------------------------------------------------------------------------------------
// Error objects
// ---------------------------------------------------------------------------------------------

/// Which `FlowError` subclass the JS layer builds.
#[derive(Clone, Copy)]
pub enum Class {
    Webhook,
    Validation,
    Api,
    Connection,
    Configuration,
}

impl Class {
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Webhook => "webhook",
            Class::Validation => "validation",
            Class::Api => "api",
            Class::Connection => "connection",
            Class::Configuration => "configuration",
        }
    }
}

pub fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    // Reflect.set on a fresh plain object cannot fail; nothing to do if it ever did.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
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

/// An argument of the wrong JS type or range: a `ValidationError` (`validation_failed`) with one
/// field error, like every other "this input is wrong" answer of the package.
pub fn argument_error(param: &str, message: &str) -> JsValue {
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
// Number arguments: JS passes numbers (or NaN for a non-number); the core takes integers.
// ---------------------------------------------------------------------------------------------

/// Largest integer a JS number holds exactly.
pub const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

fn whole(value: f64, param: &str, what: &str) -> Result<f64, JsValue> {
    if value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE {
        Ok(value)
    } else {
        Err(argument_error(param, &format!("must be {what}")))
    }
}

pub fn to_i64(value: f64, param: &str, what: &str) -> Result<i64, JsValue> {
    // In range by `whole`; `as` from an integral f64 below 2^53 is exact.
    Ok(whole(value, param, what)? as i64)
}

pub fn to_u64(value: f64, param: &str, what: &str) -> Result<u64, JsValue> {
    let v = whole(value, param, what)?;
    if v < 0.0 {
        return Err(argument_error(param, &format!("must be {what}")));
    }
    Ok(v as u64)
}

pub fn to_u32(value: f64, param: &str, what: &str) -> Result<u32, JsValue> {
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

pub fn now_arg(now: f64) -> Result<i64, JsValue> {
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
            Ok((index, _)) => match EventSummary::check(payload) {
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

/// The crate version, so the JS layer can tell which core it loaded.
#[wasm_bindgen(js_name = coreVersion)]
pub fn core_version() -> String {
    kinetic_flow_core::VERSION.into()
}
