//! A dependent of `kinetic-flow-core` for `wasm32-unknown-unknown` with its own allocator and
//! its own exports: if the core brought an allocator, exports or wasm-bindgen imports, this crate
//! would not link, or its module would show them (tests/dependents/run.mjs checks both).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use kinetic_flow_core::webhook::{self, WebhookError, DEFAULT_TOLERANCE};
use kinetic_flow_core::UnixTime;

/// This crate's allocator: the system one, counting the bytes it hands out, so the test can see
/// that the core's allocations go through it.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to `System`, which upholds the `GlobalAlloc` contract.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// A buffer of `len` bytes for the host to write an argument into.
#[no_mangle]
pub extern "C" fn edge_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Frees a buffer from [`edge_alloc`].
///
/// # Safety
/// `ptr` and `len` come from one `edge_alloc` call.
#[no_mangle]
pub unsafe extern "C" fn edge_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len));
}

/// Bytes handed out by this crate's allocator so far.
#[no_mangle]
pub extern "C" fn edge_allocated() -> usize {
    ALLOCATED.load(Ordering::Relaxed)
}

/// Verifies a delivery: 0 when it verifies, else a small number per error code (1
/// `signature_mismatch`, 2 `timestamp_outside_tolerance`, 3 `malformed_signature_header`,
/// 4 `invalid_event`, 5 anything else, 6 a header that is not UTF-8).
///
/// # Safety
/// Each pointer/length pair is a buffer the host wrote (from `edge_alloc`).
#[no_mangle]
pub unsafe extern "C" fn edge_verify(
    body: *const u8,
    body_len: usize,
    header: *const u8,
    header_len: usize,
    secret: *const u8,
    secret_len: usize,
    now: i64,
) -> i32 {
    let body = std::slice::from_raw_parts(body, body_len);
    let header = std::slice::from_raw_parts(header, header_len);
    let secret = std::slice::from_raw_parts(secret, secret_len);
    let (Ok(header), Ok(secret)) = (std::str::from_utf8(header), std::str::from_utf8(secret))
    else {
        return 6;
    };
    match webhook::verify(
        body,
        header,
        &[secret],
        UnixTime::from_secs(now),
        DEFAULT_TOLERANCE,
    ) {
        Ok(_) => 0,
        Err(WebhookError::SignatureMismatch { .. }) => 1,
        Err(WebhookError::TimestampOutsideTolerance { .. }) => 2,
        Err(e) if e.code() == "malformed_signature_header" => 3,
        Err(e) if e.code() == "invalid_event" => 4,
        Err(_) => 5,
    }
}
