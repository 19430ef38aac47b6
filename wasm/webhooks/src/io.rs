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
/// never says more than it reserved).
pub(crate) fn with_input<T>(len: usize, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
    if LEN.get() == 0 {
        reserve(0); // a call with no input before any reserve: the room still exists
    }
    if len > LEN.get().saturating_sub(ROOM) || BUSY.get() {
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

/// `f` over `head`'s parts, then `body`, as one contiguous slice, when `body` starts the input
/// of the running call and `head` fits the room before it: the parts are written into the room.
/// `None` otherwise (the caller then puts them together itself).
pub(crate) fn prefixed<T>(head: &[&[u8]], body: &[u8], f: impl FnOnce(&[u8]) -> T) -> Option<T> {
    let n: usize = head.iter().map(|p| p.len()).sum();
    let base = BASE.get();
    if !BUSY.get()
        || n > ROOM
        || base.is_null()
        || !core::ptr::eq(body.as_ptr(), base.wrapping_add(ROOM))
    {
        return None;
    }
    let start = ROOM - n;
    let mut at = start;
    for part in head {
        // SAFETY: `at + part.len() <= ROOM` (the parts sum to n <= ROOM), within the allocation,
        // and these bytes are not borrowed: the running call borrows only from ROOM on.
        unsafe { core::ptr::copy_nonoverlapping(part.as_ptr(), base.add(at), part.len()) };
        at += part.len();
    }
    // SAFETY: from `start` to the body's end lies within the allocation (the body is the input's
    // start, checked in bounds by `with_input`); no mutable borrow of it is live.
    let whole = unsafe { core::slice::from_raw_parts(base.add(start), n + body.len()) };
    Some(f(whole))
}
