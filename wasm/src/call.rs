//! The sending driver (`crate::call`) for the JS shell `lib/send.js`: translation only.
//!
//! `callStart` builds the request once and keeps its [`Call`] under an integer handle; the JS
//! shell sends the request it got back with `fetch`, then reports each attempt with `callRecord`
//! (`"response"` with status, body and headers, or `"network"`, `"timeout"`, `"aborted"`) and
//! does what the answer says: `{ retryMs }` (wait, send the same request again), `{ resource,
//! ... }` (done) or a thrown error object (`api` or `connection`, with `attempts`,
//! `idempotencyKey` and `requestId`). A finished call's handle is freed here.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use kinetic_flow_wasm_webhooks::js::{self, Object};

use kinetic_flow_core::__bindings::{cat, json_text, num, split_once};
use kinetic_flow_core::call::{Call, CallError, Failure, Outcome, Policy, PolicyError, Step};
use kinetic_flow_core::UnixTime;

use super::{
    api_error_object, argument_error, body_bytes, build, client, error_object, header_pairs,
    header_strings, now_arg, opt_str, request_object, set, status_arg, Class, MAX_SAFE,
};

/// At most this many calls in flight per instance (each holds one request).
const MAX_CALLS: usize = 1 << 16;

thread_local! {
    static CALLS: RefCell<Vec<Option<Call>>> = const { RefCell::new(Vec::new()) };
}

fn policy_error(err: &PolicyError) -> JsValue {
    let obj = error_object(Class::Configuration, err.code(), &err.message());
    set(&obj, "param", err.param);
    obj.into()
}

fn option_error(param: &str, message: &str) -> JsValue {
    let obj = error_object(
        Class::Configuration,
        "invalid_option",
        &cat(&["invalid option ", param, ": ", message, "."]),
    );
    set(&obj, "param", param);
    obj.into()
}

/// A whole number >= 0 from a JS number (NaN stands for a non-number), else `invalid_option`.
fn whole_option(value: f64, param: &str, what: &str) -> Result<u64, JsValue> {
    if value.is_finite() && value.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&value) {
        Ok(value as u64)
    } else {
        Err(option_error(param, &cat(&["must be ", what])))
    }
}

/// The npm package's per-attempt timeout when none is given. With the default two retries and
/// their backoff, three hung attempts fit the default deadline (a hanging server: 30 s, not 91).
const JS_DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
/// The default bound of a whole call (every attempt and wait), and the largest allowed.
const JS_DEFAULT_DEADLINE_MS: f64 = 30_000.0;
const MAX_DEADLINE_MS: u64 = 3_600_000;

/// The `deadline` option (ms, 1 to 3600000; default 30000).
fn deadline_ms(deadline: Option<f64>) -> Result<f64, JsValue> {
    let Some(v) = deadline else {
        return Ok(JS_DEFAULT_DEADLINE_MS);
    };
    let what = "a whole number of milliseconds from 1 to 3600000 for the whole call";
    match whole_option(v, "deadline", what)? {
        ms @ 1..=MAX_DEADLINE_MS => Ok(ms as f64),
        _ => Err(option_error("deadline", &cat(&["must be ", what]))),
    }
}

/// Milliseconds as a JS number: the same `f64` as `as f64` of the `u128` below 2^64 (every
/// duration here: timeouts and waits are bounded), without the `u128` conversion it links.
pub(crate) fn as_f64(ms: u128) -> f64 {
    u64::try_from(ms).map_or(u64::MAX as f64, |ms| ms as f64)
}

/// The host a call goes to (`api.kinetic.dev`, `127.0.0.1:4242`), for its error messages.
fn host_of(url: &str) -> &str {
    let rest = split_once(url, "://").map_or(url, |(_, rest)| rest);
    // Up to the first `/`, `?` or `#` (ASCII: a byte scan, not a `char` pattern's searcher).
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

/// What a connection failure's message says after its first sentence: the core's retry advice.
fn connection_message(first: &str, err: &CallError) -> String {
    let mut m = String::from(first);
    m.push_str(" The request may or may not have taken effect");
    if let Some(hint) = err.retry_hint() {
        m.push_str(" (");
        m.push_str(&hint);
        m.push(')');
    }
    m.push('.');
    m
}

/// `maxNetworkRetries` and `timeout` from JS numbers (or undefined) into the core's policy.
fn policy(max_network_retries: Option<f64>, timeout: Option<f64>) -> Result<Policy, JsValue> {
    let timeout = timeout.or(Some(JS_DEFAULT_TIMEOUT_MS));
    let retries = max_network_retries
        .map(|v| whole_option(v, "maxNetworkRetries", "a whole number of retries"))
        .transpose()?
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    let timeout = timeout
        .map(|v| whole_option(v, "timeout", "a whole number of milliseconds per attempt"))
        .transpose()?
        .map(std::time::Duration::from_millis);
    let mut policy = Policy::default();
    if let Some(n) = retries {
        policy = policy
            .with_max_network_retries(n)
            .map_err(|e| policy_error(&e))?;
    }
    if let Some(t) = timeout {
        policy = policy.with_timeout(t).map_err(|e| policy_error(&e))?;
    }
    Ok(policy)
}

/// Checks the sending options of `new Kinetic(...)` and of one call: `fetch` (undefined, or a
/// function; at call time the JS shell passes `globalThis.fetch`, or `null` when the runtime has
/// none), `maxNetworkRetries`, `timeout`, and `signal` (undefined, or an `AbortSignal`: an
/// object with `addEventListener`).
#[wasm_bindgen(js_name = callCheckOptions)]
pub fn call_check_options(
    fetch: JsValue,
    max_network_retries: Option<f64>,
    timeout: Option<f64>,
    signal: JsValue,
    deadline: Option<f64>,
) -> Result<(), JsValue> {
    deadline_ms(deadline)?;
    if !fetch.is_undefined() && !fetch.is_function() {
        return Err(option_error(
            "fetch",
            "must be a fetch-compatible function; this runtime has no globalThis.fetch, so pass \
             one: new Kinetic({ apiKey, fetch })",
        ));
    }
    let listens = || {
        js::reflect_get(&signal, &JsValue::from_str("addEventListener"))
            .is_ok_and(|f| f.is_function())
    };
    let ok = signal.is_undefined() || (signal.is_object() && listens());
    if !ok {
        return Err(option_error(
            "signal",
            "must be an AbortSignal (from new AbortController().signal), or omitted",
        ));
    }
    policy(max_network_retries, timeout).map(|_| ())
}

/// Builds the request (as `requestBuild`) and starts a call. Returns `{ handle, method, url,
/// headers, body?, timeoutMs }`; the JS shell sends exactly that request on every attempt.
#[wasm_bindgen(js_name = callStart)]
#[allow(clippy::too_many_arguments)]
pub fn call_start(
    api_key: JsValue,
    base_url: JsValue,
    kind: &str,
    id: JsValue,
    params_json: &str,
    idempotency_key: JsValue,
    random: &[u8],
    max_network_retries: Option<f64>,
    timeout: Option<f64>,
    deadline: Option<f64>,
) -> Result<JsValue, JsValue> {
    let client = client(&api_key, &base_url)?;
    let policy = policy(max_network_retries, timeout)?;
    let deadline = deadline_ms(deadline)?;
    let request = build(&client, kind, &id, params_json, &idempotency_key, random)?;
    let obj = request_object(&request);
    set(&obj, "timeoutMs", as_f64(policy.timeout().as_millis()));
    set(&obj, "deadlineMs", deadline);
    let call = Call::new(&client, request, policy);
    let handle = CALLS.with(|cell| {
        let mut slots = cell.borrow_mut();
        if let Some((i, free)) = slots.iter_mut().enumerate().find(|(_, s)| s.is_none()) {
            *free = Some(call);
            return Ok(i as u32);
        }
        if slots.len() >= MAX_CALLS {
            return Err(argument_error(
                "call",
                "too many calls in flight (65536): await some before starting more",
            ));
        }
        slots.push(Some(call));
        Ok((slots.len() - 1) as u32)
    })?;
    set(&obj, "handle", f64::from(handle));
    Ok(obj.into())
}

/// A failed call's error object. A connection failure's message names the host and what failed:
/// `detail` (what `fetch` threw, from the JS shell) or the per-attempt timeout.
fn call_error(err: &CallError, call: &Call, detail: Option<&str>) -> JsValue {
    let host = host_of(&call.request().url);
    let obj: Object = match &err.failure {
        Failure::Api(api) => {
            let obj: Object = api_error_object(api).unchecked_into();
            if let Some(hint) = err.retry_hint() {
                set(&obj, "message", cat(&[&api.message, " (", &hint, ")."]));
            }
            obj
        }
        Failure::Connection { timed_out: true } => {
            let first = cat(&[
                host,
                " did not answer within ",
                // As a u64 (a timeout is at most MAX_TIMEOUT): a u128 links its own `Display`
                // (1.1 KB of the full module).
                &num(u64::try_from(call.timeout().as_millis()).unwrap_or(u64::MAX)),
                " ms (the per-attempt timeout).",
            ]);
            error_object(
                Class::Connection,
                err.code(),
                &connection_message(&first, err),
            )
        }
        Failure::Connection { timed_out: false } => {
            let first = match detail.filter(|d| !d.is_empty()) {
                Some(d) => cat(&["Could not reach ", host, ": ", d, "."]),
                None => cat(&["Could not reach ", host, ", or its response was lost."]),
            };
            error_object(
                Class::Connection,
                err.code(),
                &connection_message(&first, err),
            )
        }
        _ => error_object(Class::Connection, err.code(), &err.message()),
    };
    set(&obj, "attempts", f64::from(err.attempts));
    set(
        &obj,
        "idempotencyKey",
        opt_str(err.idempotency_key.as_deref()),
    );
    set(&obj, "requestId", opt_str(err.request_id.as_deref()));
    obj.into()
}

fn take(handle: u32) -> Result<Call, JsValue> {
    CALLS
        .with(|cell| {
            cell.borrow_mut()
                .get_mut(handle as usize)
                .and_then(Option::take)
        })
        .ok_or_else(|| {
            argument_error(
                "call",
                "unknown call handle; this is a bug in @kinetic/flow",
            )
        })
}

fn put_back(handle: u32, call: Call) {
    CALLS.with(|cell| {
        if let Some(slot) = cell.borrow_mut().get_mut(handle as usize) {
            *slot = Some(call);
        }
    });
}

/// Records one attempt's outcome: `"response"` (with `status`, `body`, flat `headers`),
/// `"network"`, `"timeout"` or `"aborted"`. Returns `{ retryMs }` or `{ resource (JSON text),
/// status, requestId, attempts, idempotencyKey }`, or throws the call's error.
#[wasm_bindgen(js_name = callRecord)]
#[allow(clippy::too_many_arguments)]
pub fn call_record(
    handle: u32,
    outcome: &str,
    status: f64,
    body: JsValue,
    headers: JsValue,
    now: f64,
    jitter: f64,
    detail: Option<String>,
) -> Result<JsValue, JsValue> {
    // Taken first: should an argument be unreadable (a custom `fetch` answering a status that is
    // not a number), the call ends with that error and its handle is freed, never leaked.
    let mut call = take(handle)?;
    let now = now_arg(now)?;
    let body = body_bytes(&body);
    let headers = header_strings(&headers);
    let pairs = header_pairs(&headers);
    let outcome = match outcome {
        "response" => Outcome::response(status_arg(status)?, &body, &pairs),
        "network" => Outcome::NetworkError,
        "timeout" => Outcome::Timeout,
        "aborted" => Outcome::Aborted,
        _ => return Err(argument_error("outcome", "unknown attempt outcome")),
    };
    let step = call.record(
        outcome,
        UnixTime::from_secs(now),
        if jitter.is_finite() { jitter } else { 0.0 },
    );
    let obj = Object::new();
    match step {
        Step::Retry { after } => {
            put_back(handle, call);
            // As a u64: a `u128` to `f64` links its own conversion (a wait is at most hours).
            set(&obj, "retryMs", as_f64(after.as_millis()));
        }
        Step::Done(done) => {
            set(&obj, "resource", json_text(&done.resource));
            set(&obj, "status", f64::from(done.status));
            set(&obj, "requestId", opt_str(done.request_id.as_deref()));
            set(&obj, "attempts", f64::from(done.attempts));
            set(
                &obj,
                "idempotencyKey",
                opt_str(done.idempotency_key.as_deref()),
            );
        }
        Step::Fail(err) => return Err(call_error(&err, &call, detail.as_deref())),
        // A step this version does not know (`Step` is non_exhaustive): stop the call.
        _ => {
            let err = call.cancel();
            return Err(call_error(&err, &call, None));
        }
    }
    Ok(obj.into())
}

/// Ends a call between attempts (the caller aborted while it waited to retry): returns the
/// `aborted` error object, and frees the handle.
#[wasm_bindgen(js_name = callCancel)]
pub fn call_cancel(handle: u32) -> Result<JsValue, JsValue> {
    let mut call = take(handle)?;
    let err = call.cancel();
    Ok(call_error(&err, &call, None))
}

/// Ends a call whose deadline passed (during an attempt, or before a retry that would wait past
/// it): returns the `deadline_exceeded` error object (a ConnectionError, with the attempts and
/// the idempotency key), and frees the handle.
#[wasm_bindgen(js_name = callDeadline)]
pub fn call_deadline(handle: u32, deadline_ms: f64) -> Result<JsValue, JsValue> {
    let mut call = take(handle)?;
    let err = call.cancel();
    let first = cat(&[
        host_of(&call.request().url),
        " did not answer within the call's deadline of ",
        &num(deadline_ms as u64),
        " ms.",
    ]);
    let obj: Object = call_error(&err, &call, None).unchecked_into();
    set(&obj, "code", "deadline_exceeded");
    set(&obj, "message", connection_message(&first, &err));
    Ok(obj.into())
}

/// Frees a call's handle (unknown handles are ignored): for a call the JS shell abandons.
#[wasm_bindgen(js_name = callFree)]
pub fn call_free(handle: u32) {
    CALLS.with(|cell| {
        if let Some(slot) = cell.borrow_mut().get_mut(handle as usize) {
            *slot = None;
        }
    });
}
