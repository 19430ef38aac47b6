//! The core's [`MacBackend`] (the seam of `webhook`) on the platform's SHA-256, imported from
//! `lib/mac.js` of the npm package.
//!
//! The host hashes where the platform has a native SHA-256: synchronously (`node:crypto`, from
//! `process.getBuiltinModule` in Node, Bun, Deno and workerd with `nodejs_compat`), or, for
//! `verifyAsync`, SubtleCrypto ahead of the verify ([`HostKeys::inner_inputs`], then the verify
//! with the host answering from those digests). Where it has none, `hostSha256` says so and the
//! verifier keeps the core's own SHA-256 (the same MACs). The host only hashes a byte buffer:
//! the signed content (`t`, `.`, the body) comes from `Verifier::verify_signature_with`, the HMAC
//! construction (RFC 2104) and the keys stay here, and the constant-time comparison, the
//! tolerance, the hints and the errors stay in the core. Each hash input is a view into wasm
//! memory (no copy across the boundary), and JS writes the 32-byte digest into `out`. The host
//! computes the inner hash (the key block and the message, where the time goes); the outer one
//! is a single compression here.

use kinetic_flow_core::__bindings::{hmac_key_block, MacBackend, Sha256};
use kinetic_flow_core::webhook::{self, Verifier};

// `raw_module`: the glue imports the package's own `lib/mac.js` (pkg-templates/lib/mac.js), the one
// module instance the entries and lib/api.js share, not a snippet copy.
#[cfg(feature = "bindgen")]
use wasm_bindgen::prelude::*;

#[cfg(feature = "bindgen")]
#[wasm_bindgen(raw_module = "./lib/mac.js")]
extern "C" {
    /// SHA-256 of `input` into `out` (32 bytes). `false`: no host hash (nothing written).
    #[wasm_bindgen(js_name = hostSha256)]
    fn host_sha256(input: &[u8], out: &mut [u8]) -> bool;
}

// Without wasm-bindgen: the same function as a plain import (pointers into this module's
// memory), which the hand-written glue (`glue.js`) forwards to `lib/mac.js`.
#[cfg(not(feature = "bindgen"))]
mod host {
    #[link(wasm_import_module = "./lib/mac.js")]
    extern "C" {
        #[link_name = "hostSha256"]
        fn sha256(input: *const u8, len: usize, out: *mut u8) -> u32;
    }

    pub(super) fn host_sha256(input: &[u8], out: &mut [u8; 32]) -> bool {
        // SAFETY: the glue reads `len` bytes at `input` and writes at most 32 at `out`, both
        // within this module's memory, during the call only.
        unsafe { sha256(input.as_ptr(), input.len(), out.as_mut_ptr()) != 0 }
    }
}
#[cfg(not(feature = "bindgen"))]
use host::host_sha256;

const BLOCK: usize = 64;

/// One secret's HMAC pads (RFC 2104) over the core's key block (`hmac_key_block`): XOR `0x36`
/// (inner, hashed by the host with the message) and `0x5c`
/// (outer, kept here already absorbed: the outer hash of a 32-byte digest is one compression,
/// cheaper in wasm than a second call into the host).
struct Pads {
    inner: [u8; BLOCK],
    outer: Sha256,
}

impl Pads {
    fn new(key: &[u8]) -> Pads {
        let block = hmac_key_block(key);
        let mut outer = Sha256::default();
        outer.update(&block.map(|b| b ^ 0x5c));
        Pads {
            inner: block.map(|b| b ^ 0x36),
            outer,
        }
    }
}

impl Pads {
    /// The inner hash's input: the inner key block, then `parts`, appended to `out`.
    fn input(&self, parts: &[&[u8]], out: &mut Vec<u8>) {
        out.extend_from_slice(&self.inner);
        for part in parts {
            out.extend_from_slice(part);
        }
    }
}

/// The key blocks of a verifier's secrets, in its order, for the host path.
pub(super) struct HostKeys(Vec<Pads>);

impl HostKeys {
    /// Made with every verifier: the host's hash may be installed after the verifier is.
    pub(super) fn new<S: AsRef<str>>(secrets: &[S]) -> HostKeys {
        HostKeys(
            secrets
                .iter()
                .map(|s| Pads::new(webhook::hmac_key(s.as_ref())))
                .collect(),
        )
    }
}

impl HostKeys {
    /// The host's inner-hash inputs of every secret, one after another into `out`, each
    /// `64 + signed` bytes: the key block, then the signed content `parts` (the core's
    /// [`signed_parts`](kinetic_flow_core::__bindings::signed_parts)). For an asynchronous host
    /// hash (SubtleCrypto), which hashes them ahead of the verify; in the verify that follows,
    /// the host answers [`hostSha256`](host_sha256) with those digests, in the same order.
    /// Returns how many.
    pub(super) fn inner_inputs(&self, parts: &[&[u8]], out: &mut Vec<u8>) -> usize {
        for pads in &self.0 {
            pads.input(parts, out);
        }
        self.0.len()
    }
}

/// SHA-256 by the host, `None` if it has none.
fn sha256(input: &[u8]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    host_sha256(input, &mut out).then_some(out)
}

/// HMAC-SHA256 with the host's hash, falling back to the core's keyed state for any MAC the
/// host cannot give (so the answer is always the right MAC, never a made-up one).
pub(super) struct HostMac<'a> {
    pub(super) keys: &'a HostKeys,
    pub(super) fallback: &'a Verifier,
}

impl HostMac<'_> {
    fn host(&self, secret_index: usize, parts: &[&[u8]]) -> Option<[u8; 32]> {
        let pads = self.keys.0.get(secret_index)?;
        // Even at 256 B the host is as fast as the core's SHA-256 (BENCHMARKS.md), so always.
        // One contiguous input, so the host hashes it in one call (a memory.copy here is far
        // cheaper than a streaming hash object there).
        let mut input = Vec::new();
        pads.input(parts, &mut input);
        let inner = sha256(&input)?;
        let mut outer = pads.outer.clone();
        outer.update(&inner);
        Some(outer.finalize())
    }
}

impl MacBackend for HostMac<'_> {
    fn hmac_sha256(&self, secret_index: usize, parts: &[&[u8]]) -> Option<[u8; 32]> {
        self.host(secret_index, parts)
            .or_else(|| self.fallback.hmac_sha256(secret_index, parts))
    }
}
