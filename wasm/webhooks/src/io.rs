//! The input buffer of the plain exports (`raw.rs`): where the glue writes a call's inputs, with
//! room in front of them for the host hash's prefix.
//!
//! A verify's inner HMAC input is the secret's inner key block, `t`, `.` and the body, hashed by
//! the host in one call (`mac.rs`). The body is already here, at the start of the input, so the
//! key block and `t.` are written into the [`ROOM`] bytes just before it and the host hashes that
//! span in place: no copy of the body and no allocation per verify (the copy was 7% of a 256 B
//! verify in Node 22, more at 16 KiB).
//!
//! The buffer is read and written through its pointer rather than a `RefCell<Vec<u8>>`, because
//! the room is written while the input after it is borrowed: disjoint bytes. It only grows (a million calls do not grow memory), and it is never reallocated while
//! a call reads it ([`BUSY`]).

use std::cell::Cell;

/// Bytes in front of the input for the host hash's prefix: a 64-byte key block, then `t` (at most
/// 20 digits: the header's timestamp is an `i64`) and `.`.
pub(crate) const ROOM: usize = 128;

thread_local! {
    /// The allocation: `ROOM` bytes, then the input's. Read and written through [`BASE`] only;
    /// the `Vec` is kept to grow and free it.
    static BUF: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
    /// Where the allocation starts (null before the first `reserve`), and its length.
    static BASE: Cell<*mut u8> = const { Cell::new(core::ptr::null_mut()) };
    static LEN: Cell<usize> = const { Cell::new(0) };
    /// Set while a call reads the input: the allocation must not move then.
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

/// Makes room for an input of `len` bytes; returns where the input starts (the glue writes
/// there). The allocation grows only when it is too small.
pub(crate) fn reserve(len: usize) -> *mut u8 {
    let want = len.saturating_add(ROOM);
    if LEN.get() < want {
        if BUSY.get() {
            // The glue never reserves from inside a call (the host hash does not call in); were
            // it to, moving the buffer under the running call would be unsound: stop instead.
            core::arch::wasm32::unreachable();
        }
        let mut buf = BUF.take();
        buf.resize(want, 0);
        BASE.set(buf.as_mut_ptr());
        LEN.set(want);
        BUF.set(buf);
    }
    // SAFETY: the allocation is at least ROOM bytes (LEN >= want >= ROOM).
    unsafe { BASE.get().add(ROOM) }
}

/// Runs `f` on the first `len` bytes of the input; `None` if the buffer holds fewer (the glue
/// never says more than it reserved, and reserves before every call with an input).
pub(crate) fn with_input<T>(len: usize, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
    // LEN is 0 until the first `reserve` (the glue reserves before every call that has input).
    if len > LEN.get().saturating_sub(ROOM) || LEN.get() == 0 || BUSY.get() {
        return None;
    }
    BUSY.set(true);
    // SAFETY: `len` bytes from ROOM lie within the allocation (checked above, which also means
    // it is not null), which does not move or free while BUSY; the only writes meanwhile are
    // `prefixed`'s, to the ROOM bytes before this slice.
    let input = unsafe { core::slice::from_raw_parts(BASE.get().add(ROOM), len) };
    let r = f(input);
    BUSY.set(false);
    Some(r)
}

/// `hash` of `block`, `t`, `.` and `body` as one contiguous span, when `body` starts the input
/// of the running call and the three fit the room before it: they are written into the room.
/// `None` otherwise, or when `hash` gives none (the caller then has the core hash).
pub(crate) fn prefixed(
    block: &[u8; 64],
    t: &[u8],
    body: &[u8],
    hash: fn(&[u8]) -> Option<[u8; 32]>,
) -> Option<[u8; 32]> {
    let n = block.len() + t.len() + 1;
    let base = BASE.get();
    if !BUSY.get() || n > ROOM || !core::ptr::eq(body.as_ptr(), base.wrapping_add(ROOM)) {
        return None;
    }
    // SAFETY: BUSY, so the allocation is live and at least ROOM bytes; `start..ROOM` (n <= ROOM
    // bytes) is within it and not borrowed: the running call borrows only from ROOM on.
    let whole = unsafe {
        let start = base.add(ROOM - n);
        core::ptr::copy_nonoverlapping(block.as_ptr(), start, block.len());
        core::ptr::copy_nonoverlapping(t.as_ptr(), start.add(block.len()), t.len());
        *start.add(n - 1) = b'.';
        // From `start` to the body's end lies within the allocation (the body is the input's
        // start, in bounds by `with_input`); no mutable borrow of it is live.
        core::slice::from_raw_parts(start, n + body.len())
    };
    hash(whole)
}
