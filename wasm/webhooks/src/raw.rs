//! The face of the webhooks-only module: plain `extern "C"` exports and imports, no
//! wasm-bindgen. The hand-written glue (`glue.js`, shipped as `kinetic_flow_webhooks.js`) writes a
//! call's inputs into one byte buffer of this module (`kf_io`), makes one call, and reads the
//! answer: a number, or text in the output buffer (`kf_out_ptr`, `kf_out_len`): the signature
//! header, the version, or an error object as JSON, which the glue `JSON.parse`s. So every error
//! field and message is written here (from the core's errors), once; the glue only moves bytes.
//!
//! Layouts of the input buffer (all lengths in bytes):
//! - verify, verifySignature: the payload, then the header's UTF-8;
//! - verifierNew: the secrets, each as a little-endian `u32` length and its UTF-8;
//! - sign: the payload, then the secrets as for verifierNew;
//! - secretNotText, payloadNotRaw: the JS type's name;
//! - bodyLimit: nothing (numbers only).
//!
//! Return values: `>= 0` success (a handle, a secret index, or 0), `-1` an error object in the
//! output buffer. The buffers keep their largest size (a million calls do not grow memory).

use std::cell::{Cell, RefCell};

use kinetic_flow_core::__bindings::{json_string, json_u64};

use crate::{Class, Failure};

thread_local! {
    static IO: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static NUM: Cell<f64> = const { Cell::new(0.0) };
}

/// Makes the input buffer at least `len` bytes and returns where it starts (it may have moved,
/// and memory may have grown: the glue takes a fresh view after this call). It moves only when
/// it grows, so the glue keeps the address and the size it asked for, and calls this again only
/// for a larger input: a verify is one call into the module.
#[no_mangle]
pub extern "C" fn kf_io(len: usize) -> *mut u8 {
    IO.with(|io| {
        let mut io = io.borrow_mut();
        if io.len() < len {
            io.resize(len, 0);
        }
        io.as_mut_ptr()
    })
}

/// Where the last answer's text starts.
#[no_mangle]
pub extern "C" fn kf_out_ptr() -> *const u8 {
    OUT.with(|out| out.borrow().as_ptr())
}

/// How long the last answer's text is.
#[no_mangle]
pub extern "C" fn kf_out_len() -> usize {
    OUT.with(|out| out.borrow().len())
}

/// The last answer's number (verifySignature: the timestamp).
#[no_mangle]
pub extern "C" fn kf_num() -> f64 {
    NUM.with(Cell::get)
}

fn answer(text: &[u8]) {
    OUT.with(|out| {
        let mut out = out.borrow_mut();
        out.clear();
        out.extend_from_slice(text);
    });
}

/// Runs `f` on the first `len` bytes of the input buffer (`None` if the glue said more than it
/// wrote: it never does).
fn with_input<T>(len: usize, f: impl FnOnce(&[u8]) -> Result<T, Failure>) -> Result<T, Failure> {
    IO.with(|io| match io.borrow().get(..len) {
        Some(input) => f(input),
        None => Err(internal("input length out of range")),
    })
}

fn internal(what: &str) -> Failure {
    let mut message = String::from(what);
    message.push_str("; this is a bug in @kinetic/flow");
    Failure::Argument {
        param: String::new(),
        message,
    }
}

/// `len`-prefixed UTF-8 secrets, as the glue writes them.
fn secrets(mut bytes: &[u8]) -> Result<Vec<String>, Failure> {
    let mut list = Vec::new();
    while let Some((head, rest)) = bytes.split_first_chunk::<4>() {
        let n = u32::from_le_bytes(*head) as usize;
        let (text, rest) = rest
            .split_at_checked(n)
            .ok_or_else(|| internal("secret length out of range"))?;
        let text = core::str::from_utf8(text).map_err(|_| internal("secret not UTF-8"))?;
        list.push(text.to_owned());
        bytes = rest;
    }
    Ok(list)
}

// ---------------------------------------------------------------------------------------------
// Error objects as JSON text
// ---------------------------------------------------------------------------------------------

/// An error object's JSON, written with the core's JSON writer (`json_string`, `json_u64`).
struct Json(String);

impl Json {
    fn new(class: Class, code: &str, message: &str) -> Json {
        let mut j = Json(String::with_capacity(128 + message.len()));
        j.0.push('{');
        j.str("flowClass", class.as_str());
        j.str("code", code);
        j.str("message", message);
        j
    }

    fn key(&mut self, key: &str) {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        self.text(key);
        self.0.push(':');
    }

    fn text(&mut self, s: &str) {
        json_string(s, &mut self.0);
    }

    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.text(value);
    }

    /// An integral number (every number of an error object is: a status, Unix seconds, an index).
    fn num(&mut self, key: &str, value: f64) {
        self.key(key);
        if value < 0.0 {
            self.0.push('-');
        }
        json_u64(value.abs() as u64, &mut self.0);
    }

    fn finish(mut self) -> Vec<u8> {
        self.0.push('}');
        self.0.into_bytes()
    }
}

fn error_json(failure: Failure) -> Vec<u8> {
    match failure {
        Failure::Webhook(e) => {
            let parts = crate::webhook_parts(&e);
            let mut j = Json::new(Class::Webhook, e.code(), &parts.message);
            for (key, value) in parts.numbers.iter().flatten() {
                j.num(key, *value);
            }
            j.finish()
        }
        Failure::Argument { param, message } => {
            let mut text = param.clone();
            text.push_str(": ");
            text.push_str(&message);
            let mut j = Json::new(Class::Validation, "validation_failed", &text);
            j.key("errors");
            j.0.push_str("[{");
            j.text("param");
            j.0.push(':');
            j.text(&param);
            j.0.push(',');
            j.text("code");
            j.0.push_str(":\"invalid_type\",");
            j.text("message");
            j.0.push(':');
            j.text(&message);
            j.0.push_str("}]");
            j.finish()
        }
        Failure::SecretNotText { index, found } => {
            let message = crate::secret_not_text_message(index, &found);
            let mut j = Json::new(Class::Webhook, crate::secret_not_text_code(), &message);
            j.num("secretIndex", index as f64);
            j.finish()
        }
    }
}

/// The export's return value: `ok` on success, else -1 with the error object in the output.
fn done<T>(r: Result<T, Failure>, ok: impl FnOnce(T) -> i32) -> i32 {
    match r {
        Ok(v) => ok(v),
        Err(e) => failed(e),
    }
}

/// The one error path of every export, out of line: the error object into the output, -1.
#[cold]
#[inline(never)]
fn failed(e: Failure) -> i32 {
    answer(&error_json(e));
    -1
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

/// Keys a verifier for the secrets in the input buffer (`len` bytes); `tolerance` is read only
/// when `has_tolerance` is 1. Returns the handle.
#[no_mangle]
pub extern "C" fn kf_verifier_new(len: usize, has_tolerance: u32, tolerance: f64) -> i32 {
    let r = with_input(len, secrets)
        .and_then(|s| crate::verifier_new(s, (has_tolerance != 0).then_some(tolerance)));
    done(r, |id| id as i32)
}

/// Frees a verifier handle (unknown handles are ignored).
#[no_mangle]
pub extern "C" fn kf_verifier_free(id: u32) {
    crate::verifier_free(id);
}

fn body_and_header<T>(
    payload_len: usize,
    header_len: usize,
    f: impl FnOnce(&[u8], &[u8]) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let total = payload_len
        .checked_add(header_len)
        .ok_or_else(|| internal("input length out of range"))?;
    with_input(total, |input| {
        let (payload, header) = input.split_at(payload_len.min(input.len()));
        f(payload, header)
    })
}

/// A verify of the payload; returns the index of the secret that matched. `mode` 0: signature,
/// time and event rule; 1: signature and time only (the timestamp in `kf_num`); 2: nothing is
/// verified, the inner-hash inputs an asynchronous host hashes first go into the output (one per
/// secret, of equal length) and their number is returned. One export for the three, so the
/// module has one copy of the input handling.
#[no_mangle]
pub extern "C" fn kf_verify(
    id: u32,
    payload_len: usize,
    header_len: usize,
    now: f64,
    mode: u32,
) -> i32 {
    let mut out = Vec::new();
    let r = body_and_header(payload_len, header_len, |p, h| match mode {
        1 => crate::verify_signature(id, p, h, now).map(|(index, timestamp)| {
            NUM.with(|n| n.set(timestamp as f64));
            index as u32
        }),
        _ => crate::verify_event(id, p, h, now, (mode == 2).then_some(&mut out)),
    });
    if mode == 2 && r.is_ok() {
        answer(&out);
    }
    done(r, |index| index as i32)
}

/// Signs the payload (`payload_len` bytes, then the secrets up to `len`); the header in the output.
#[no_mangle]
pub extern "C" fn kf_sign(payload_len: usize, len: usize, timestamp: f64) -> i32 {
    let r = with_input(len, |input| {
        let (payload, rest) = input.split_at(payload_len.min(input.len()));
        crate::sign(payload, &secrets(rest)?, timestamp)
    });
    done(r, |header| {
        answer(header.as_bytes());
        0
    })
}

/// `invalid_secret` for secret `index`, which is not text; its JS type is the input (`len`).
#[no_mangle]
pub extern "C" fn kf_secret_not_text(index: usize, len: usize) -> i32 {
    let r: Result<(), Failure> = with_input(len, |found| {
        Err(Failure::SecretNotText {
            index,
            found: core::str::from_utf8(found).unwrap_or_default().to_owned(),
        })
    });
    done(r, |()| 0)
}

/// The core's `payload_not_raw` error (always -1) for a payload of the JS type in the input.
#[no_mangle]
pub extern "C" fn kf_payload_not_raw(len: usize) -> i32 {
    let r: Result<(), Failure> = with_input(len, |found| {
        let found = core::str::from_utf8(found).unwrap_or_default();
        Err(Failure::Webhook(crate::payload_not_raw(found)))
    });
    done(r, |()| 0)
}

/// The handlers' body-size limit: `max` (read only when `has_max` is 1) against `len` bytes;
/// 0 with the limit in `kf_num`, or -1 with `payload_too_large` (or the option's error).
#[no_mangle]
pub extern "C" fn kf_body_limit(has_max: u32, max: f64, len: f64) -> i32 {
    done(
        crate::body_limit((has_max != 0).then_some(max), len),
        |limit| {
            NUM.with(|n| n.set(limit));
            0
        },
    )
}

/// The generic advice of an error code and the one for where it was read (`code\nreader` in the
/// input): 0 with `generic\nhere` in the output, or 1 when the advice is the same everywhere.
#[no_mangle]
pub extern "C" fn kf_advice(len: usize) -> i32 {
    // Straight over the buffers, without `with_input`'s `Result` and a second `Vec`: 0.5 KB.
    let pair = IO.with(|io| {
        let io = io.borrow();
        let input = io.get(..len).unwrap_or_default();
        // A byte search, not `str::split_once` (which links `memchr`: 0.4 KB).
        let at = input
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(input.len());
        let (code, reader) = input.split_at(at);
        let reader = reader.get(1..).unwrap_or_default();
        crate::advice_pair(
            core::str::from_utf8(code).unwrap_or_default(),
            core::str::from_utf8(reader).unwrap_or_default(),
        )
    });
    let Some((generic, here)) = pair else {
        return 1;
    };
    OUT.with(|out| {
        let mut out = out.borrow_mut();
        out.clear();
        out.extend_from_slice(generic.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(here.as_bytes());
    });
    0
}

/// The core's version, as text in the output.
#[no_mangle]
pub extern "C" fn kf_version() -> i32 {
    answer(kinetic_flow_core::VERSION.as_bytes());
    0
}
