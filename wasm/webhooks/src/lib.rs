//! `kinetic-flow-wasm-webhooks`: the exports of `@kinetic/flow/webhooks`, the webhooks-only
//! entry of the npm package (verify, verifySignature, sign; the handlers are JS shells over
//! verify), and the webhook half of the full module: `kinetic-flow-wasm` depends on this crate (as
//! an rlib), so both modules run the same translation code, written once (this file).
//!
//! One face for the webhook calls in both modules: plain `extern "C"` exports over one byte
//! buffer (`src/raw.rs`) and one hand-written JS layer over them (`pkg-templates/lib/webhook-calls.js`),
//! no wasm-bindgen on that path: its export shims, externref table and `describe` machinery were
//! 10.7 KB of the webhooks module (BENCHMARKS.md, "Size"), and its string passing made the root's
//! verify slower than the webhooks entry's. Errors leave as JSON text that the JS layer
//! `JSON.parse`s: every message is written here, once. The full module also links the feature
//! `bindgen` (the default): the JS error-object helpers its other exports use (`src/bindgen.rs`,
//! `src/js.rs`) and the host hash imported through wasm-bindgen (`src/mac.rs`); the webhooks-only
//! module is built without it (`scripts/build-pkg.sh`: `--no-default-features`).
//!
//! This layer only translates: JS values in, core types, JS values out, and core errors into
//! plain JS error objects `{ flowClass, code, message, ... }` that the package's JS layer turns
//! into `FlowError` subclasses. No rule of SPEC lives here; every check is the core's.
//!
//! Guarding: every export takes what JS may pass and never panics (the crate denies
//! `unwrap`/`expect`/`panic`/indexing), so a wrong JS value becomes an error object, not a trap.

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

use std::cell::RefCell;
use std::time::Duration;

mod mac;

#[cfg(feature = "bindgen")]
mod bindgen;
#[cfg(feature = "bindgen")]
pub mod js;
#[cfg(feature = "bindgen")]
pub use bindgen::*;

mod raw;

use kinetic_flow_core::__bindings::EventSummary;
use kinetic_flow_core::webhook::{self, BodyLimit, SecretProblem, Verifier, WebhookError};
use kinetic_flow_core::UnixTime;

/// talc instead of std's dlmalloc: a few KB less in the package (BENCHMARKS.md, "Size"). The
/// full module gets it from here too (one global allocator per module).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

// ---------------------------------------------------------------------------------------------
// What a call can fail with, before it becomes a JS error object (one per face)
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

/// A failed call: a core error, or an argument of the wrong JS type or range.
pub(crate) enum Failure {
    Webhook(WebhookError),
    /// `validation_failed` with one field error: `param`, and `message` ("must be ...").
    Argument {
        param: String,
        message: String,
    },
    /// A secret that is not text: `invalid_secret` with `secretIndex`, no status (the JS type
    /// is named by the face that saw the value).
    SecretNotText {
        index: usize,
        found: String,
    },
}

/// The fields of a webhook error object besides `flowClass`, `code` and `message`, and that
/// message: the statement, then the advice (the npm package's messages carry the framework
/// recipes after the statement).
pub(crate) struct WebhookParts {
    pub message: String,
    /// `status`, then the variant's numbers (`timestamp`, `now`, `tolerance`, or `secretIndex`).
    pub numbers: [Option<(&'static str, f64)>; 4],
}

pub(crate) fn webhook_parts(err: &WebhookError) -> WebhookParts {
    // Without `core::fmt`: the core writes the statement, the advice follows.
    let mut message = String::with_capacity(512);
    kinetic_flow_core::__bindings::write_statement(err, &mut message);
    message.push(' ');
    message.push_str(err.advice());
    let mut numbers = [None; 4];
    // The status a webhook handler answers with: the core's decision, not a table in JS.
    numbers[0] = Some(("status", f64::from(err.http_status())));
    match err {
        WebhookError::TimestampOutsideTolerance {
            timestamp,
            now,
            tolerance,
        } => {
            // Unix seconds fit f64 exactly (|t| < 2^53).
            numbers[1] = Some(("timestamp", timestamp.as_secs() as f64));
            numbers[2] = Some(("now", now.as_secs() as f64));
            numbers[3] = Some(("tolerance", tolerance.as_secs() as f64));
        }
        WebhookError::InvalidSecret { index, .. } => {
            numbers[1] = Some(("secretIndex", *index as f64));
        }
        WebhookError::PayloadTooLarge { limit } => {
            numbers[1] = Some(("limit", *limit as f64));
        }
        _ => {}
    }
    WebhookParts { message, numbers }
}

/// The code of a secret that is not text: the core's `invalid_secret`.
pub(crate) fn secret_not_text_code() -> &'static str {
    WebhookError::InvalidSecret {
        index: 0,
        problem: SecretProblem::None,
    }
    .code()
}

/// The message of a secret that is not text (`found`: the JS type, e.g. "number", "null").
pub(crate) fn secret_not_text_message(index: usize, found: &str) -> String {
    let mut m = String::from(
        "The webhook secret must be a string (or an array of strings, for a rotation); secret ",
    );
    kinetic_flow_core::__bindings::json_u64(index as u64, &mut m);
    m.push_str(" is ");
    m.push_str(found);
    m.push_str(". Pass the endpoint's signing secret (whsec_...) as text.");
    m
}

// ---------------------------------------------------------------------------------------------
// Number arguments: JS passes numbers (or NaN for a non-number); the core takes integers.
// ---------------------------------------------------------------------------------------------

/// Largest integer a JS number holds exactly.
pub const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

fn must_be(param: &str, what: &str) -> Failure {
    let mut message = String::from("must be ");
    message.push_str(what);
    Failure::Argument {
        param: param.into(),
        message,
    }
}

/// `value` if it is an integer a JS number holds exactly.
pub(crate) fn whole_number(value: f64) -> Option<f64> {
    (value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE).then_some(value)
}

fn whole(value: f64, param: &str, what: &str) -> Result<f64, Failure> {
    whole_number(value).ok_or_else(|| must_be(param, what))
}

pub(crate) fn int_i64(value: f64, param: &str, what: &str) -> Result<i64, Failure> {
    // In range by `whole`; `as` from an integral f64 below 2^53 is exact.
    Ok(whole(value, param, what)? as i64)
}

pub(crate) fn int_u64(value: f64, param: &str, what: &str) -> Result<u64, Failure> {
    let v = whole(value, param, what)?;
    if v < 0.0 {
        return Err(must_be(param, what));
    }
    Ok(v as u64)
}

pub(crate) fn now_secs(now: f64) -> Result<i64, Failure> {
    int_i64(now, "now", "a whole number of Unix seconds (or a Date)")
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

/// A keyed verifier kept across calls, and its secrets (only read again to explain a mismatch
/// through the core's free `verify`, which adds the `whsec_` prefix hint).
struct Slot {
    verifier: Verifier,
    secrets: Vec<String>,
    /// The HMAC key blocks for the host's SHA-256 (Node: `node:crypto`), see `mac`.
    host: mac::HostKeys,
}

impl Slot {
    /// The core's `verify_signature`, with the host's HMAC primitive (which falls back to the
    /// core's own where the host has no hash: asking costs one call, cheaper than a second
    /// path through the verify in the module).
    fn verify_signature(
        &self,
        payload: &[u8],
        header: &[u8],
        now: i64,
    ) -> Result<(usize, i64), WebhookError> {
        let now = UnixTime::from_secs(now);
        let host = mac::HostMac {
            keys: &self.host,
            fallback: &self.verifier,
        };
        let verified = self
            .verifier
            .verify_signature_with(&host, payload, header, now);
        verified.map(|(index, timestamp)| (index, timestamp.as_secs()))
    }
}

/// Live verifiers are few: the JS layer caches at most 16 and frees the ones it evicts.
const MAX_VERIFIERS: usize = 64;

thread_local! {
    static VERIFIERS: RefCell<Vec<Option<Slot>>> = const { RefCell::new(Vec::new()) };
}

/// Keys a verifier for `secrets` and returns its handle.
pub(crate) fn verifier_new(secrets: Vec<String>, tolerance: Option<f64>) -> Result<u32, Failure> {
    let mut verifier = Verifier::new(&secrets).map_err(Failure::Webhook)?;
    if let Some(t) = tolerance {
        let secs = int_u64(t, "tolerance", "a whole number of seconds >= 0")?;
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
            return Err(Failure::Argument {
                param: "secret".into(),
                message: "too many live verifiers (internal cache overflow); this is a bug in @kinetic/flow".into(),
            });
        }
        slots.push(Some(slot));
        Ok((slots.len() - 1) as u32)
    })
}

/// Frees a verifier handle (unknown handles are ignored).
pub(crate) fn verifier_free(id: u32) {
    VERIFIERS.with(|cell| {
        if let Some(slot) = cell.borrow_mut().get_mut(id as usize) {
            *slot = None;
        }
    });
}

fn with_verifier<T>(id: u32, f: impl FnOnce(&Slot) -> Result<T, Failure>) -> Result<T, Failure> {
    VERIFIERS.with(|cell| match cell.borrow().get(id as usize) {
        Some(Some(slot)) => f(slot),
        _ => Err(Failure::Argument {
            param: "secret".into(),
            message: "unknown verifier handle; this is a bug in @kinetic/flow".into(),
        }),
    })
}

/// Maps a verification failure; on `signature_mismatch` asks the core for the `whsec_` prefix
/// hint the one-shot `verify` gives (the error path only), with the same MAC backend as the
/// verify.
fn verify_error(slot: &Slot, err: WebhookError, payload: &[u8], header: &[u8]) -> Failure {
    if !matches!(err, WebhookError::SignatureMismatch { .. }) {
        return Failure::Webhook(err);
    }
    let (variants, secrets) = kinetic_flow_core::__bindings::PrefixVariants::of(&slot.secrets);
    // One call of add_hint, whichever backend (one copy of it in the module).
    let keys = mac::HostKeys::new(&secrets);
    let host = mac::HostMac {
        keys: &keys,
        fallback: variants.verifier(),
    };
    Failure::Webhook(variants.add_hint(&host, err, payload, header))
}

/// Signature, time, then the event rule (`invalid_event`), in `Verifier::verify`'s order, but
/// with `EventSummary::accept`, which applies `Event::parse`'s rule without building the JSON
/// tree: the JS layer `JSON.parse`s the body itself, so a tree built here would be thrown away.
/// Returns the index of the secret that matched (with `inputs`: how many inputs).
pub(crate) fn verify_event(
    id: u32,
    payload: &[u8],
    header: &[u8],
    now: f64,
    inputs: Option<&mut Vec<u8>>,
) -> Result<u32, Failure> {
    let now = now_secs(now)?;
    with_verifier(id, |slot| {
        if let Some(out) = inputs {
            // For an asynchronous host hash (SubtleCrypto): nothing is verified; the inner-hash
            // inputs of the header's signed content, one per secret, of equal length, are
            // appended to `out` and their number returned (0 for a header that does not parse:
            // the verify then says why). The host hashes them, then answers
            // the verify that follows with those digests, in order (lib/mac.js).
            let n = kinetic_flow_core::__bindings::signed_parts(header, payload)
                .map_or(0, |parts| slot.host.inner_inputs(&parts, out));
            return Ok(n as u32);
        }
        match slot.verify_signature(payload, header, now) {
            Ok((index, _)) => match EventSummary::accept(payload) {
                Ok(_) => Ok(index as u32),
                Err(e) => Err(Failure::Webhook(e.into())),
            },
            Err(e) => Err(verify_error(slot, e, payload, header)),
        }
    })
}

/// Signature and time only: `(secret index, timestamp)`.
pub(crate) fn verify_signature(
    id: u32,
    payload: &[u8],
    header: &[u8],
    now: f64,
) -> Result<(usize, i64), Failure> {
    let now = now_secs(now)?;
    with_verifier(id, |slot| {
        slot.verify_signature(payload, header, now)
            .map_err(|e| verify_error(slot, e, payload, header))
    })
}

/// The `Kinetic-Signature` value of `payload`, one `v1` per secret.
pub(crate) fn sign(payload: &[u8], secrets: &[String], timestamp: f64) -> Result<String, Failure> {
    let timestamp = int_u64(
        timestamp,
        "timestamp",
        "a whole number of Unix seconds >= 0",
    )?;
    // Below 2^53 by `int_u64`, so it fits an i64.
    let timestamp = UnixTime::from_secs(timestamp as i64);
    webhook::sign(payload, secrets, timestamp).map_err(Failure::Webhook)
}

/// The core's `payload_not_raw` error for a payload of the JS type `found` (e.g. "JSON object").
/// The generic advice of the error of `code` and the one for where it was read (`reader`: the
/// core's `Reader::parse` names), for the JS layer to replace the one with the other; `None` when
/// the advice is the same everywhere.
pub(crate) fn advice_pair(code: &str, reader: &str) -> Option<(&'static str, &'static str)> {
    webhook::Reader::parse(reader).and_then(|r| WebhookError::advice_pair(code, r))
}

pub(crate) fn payload_not_raw(found: &str) -> WebhookError {
    WebhookError::PayloadNotRaw {
        found: found.to_owned(),
    }
}

/// The handlers' body-size limit: `max` (JS `maxBodyBytes`; absent, the core's default) checked
/// against `len` bytes. Returns the limit, or the core's `payload_too_large`; a `max` that is not
/// a limit is `validation_failed` on `maxBodyBytes`.
pub(crate) fn body_limit(max: Option<f64>, len: f64) -> Result<f64, Failure> {
    const WHAT: &str = "a whole number of bytes >= 1 (such as 2 * 1024 * 1024)";
    let limit = match max {
        None => BodyLimit::DEFAULT,
        Some(v) => BodyLimit::new(int_u64(v, "maxBodyBytes", WHAT)?)
            .ok_or_else(|| must_be("maxBodyBytes", WHAT))?,
    };
    let len = int_u64(len, "length", "a whole number of bytes >= 0")?;
    limit.check(len).map_err(Failure::Webhook)?;
    // At most 2^53 - 1 (`int_u64`), so exact as a JS number.
    Ok(limit.get() as f64)
}
