// The platform's SHA-256 for the wasm core (wasm/webhooks/src/mac.rs imports this module;
// build-pkg.sh points the glue here). The core keeps every webhook rule (what is signed, which
// secrets, the constant-time comparison, the tolerance, the errors) and the HMAC construction and
// its keys; this module only hashes byte buffers. Nothing here is a public export of the package.
//
// Synchronous: `node:crypto` (native SHA-256) wherever the platform hands it over synchronously:
// `process.getBuiltinModule('node:crypto')` in Node (>= 20.16), Bun, Deno and workerd with
// `nodejs_compat`. Loading it costs 8-15 ms in a fresh process (Node 24, Bun, Deno), more than the
// whole rest of a start-up, so it is never loaded on the first verify's path (DESIGN.md, "The MAC
// hash at start-up"): where it is already loaded (Node's module list says so) it is used at once;
// else the first verifies hash with the core's own SHA-256 (`hostSha256` says "none", the same
// MACs) and node:crypto is loaded off that path: on a timer after the first such verify, or
// synchronously once the core has hashed more than WASM_BOUND bytes here, whichever comes first.
// Asynchronous (`verifyAsync` and the handlers, where there is no synchronous one): SubtleCrypto.
// Without either, the core's own SHA-256 in wasm (browsers; workerd without `nodejs_compat` in
// the synchronous `verify`). The input is a view into wasm memory, read during the call and never
// kept; the digest is written into `out`, a 32-byte view.

// The most bytes the core's SHA-256 hashes where a native one exists but is not loaded yet: a
// ski-rental rule, the wasm's extra cost of hashing this much (about 7 us per KiB more than
// node:crypto) is about the cost of loading node:crypto in a fresh process (about 8 ms, Node 24).
// Measured by `node bench.mjs startup` (benches/node), BENCHMARKS.md.
export const WASM_BOUND = 1 << 20;

let hash; // undefined: not loaded (yet); null: none here; else (bytes, out) => void, the digest into out
let backend = 'wasm';
let calls = 0;
let subtleCalls = 0;
// While node:crypto is expected but not loaded: how many bytes the core hashed instead (never more
// than WASM_BOUND), and whether a load is scheduled in this turn of the event loop.
let wasmBytes = 0;
let armed = false;

// SHA-256 of the empty input: a found hash must give it (a stub or a broken polyfill is not used).
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function hex(d) {
  let s = '';
  for (let i = 0; i < d.length; i++) s += (d[i] < 16 ? '0' : '') + d[i].toString(16);
  return s;
}

// How node:crypto's digest comes back the fastest: V8 runtimes (Node, Deno, workerd) build a
// one-byte string of 32 chars faster than a Buffer (Node 22 and 24: `crypto.hash` of 331 bytes
// 1.4 us as 'latin1' against 2.5-3.1 us as 'buffer', with the copy into `out`), Bun (JavaScriptCore)
// the Buffer (0.7 against 0.9 us). The same 32 bytes either way.
const LATIN1 = typeof globalThis.Bun === 'undefined';

/**
 * A synchronous native SHA-256 from a `node:crypto` module, `(input, out) => void` writing the
 * 32-byte digest into `out`, or null.
 */
function fromCrypto(crypto) {
  if (crypto === null || typeof crypto !== 'object') return null;
  // crypto.hash (Node >= 20.12) is one native call; createHash the same SHA-256 elsewhere.
  const h = typeof crypto.hash !== 'function'
    ? typeof crypto.createHash === 'function'
      ? (input, out) => out.set(crypto.createHash('sha256').update(input).digest())
      : null
    : LATIN1
      ? (input, out) => {
          const s = crypto.hash('sha256', input, 'latin1');
          for (let i = 0; i < 32; i++) out[i] = s.charCodeAt(i);
        }
      : (input, out) => out.set(crypto.hash('sha256', input, 'buffer'));
  try {
    const d = new Uint8Array(32);
    if (h !== null) {
      h(new Uint8Array(0), d);
      if (hex(d) === EMPTY_SHA256) return h;
    }
  } catch {
    // not usable here
  }
  return null;
}

/** The host's `process` when it hands builtins over synchronously, else null. */
function host() {
  const p = globalThis.process;
  return p !== null && typeof p === 'object' && typeof p.getBuiltinModule === 'function' ? p : null;
}

/** Is node:crypto loaded in this process already (then taking it costs nothing)? Node's list says. */
function loaded(p) {
  try {
    const list = p.moduleLoadList;
    return Array.isArray(list) && list.includes('NativeModule crypto');
  } catch {
    return false;
  }
}

/** Takes node:crypto now (loading it if it is not loaded): its hash, or null for good. */
function load() {
  if (hash !== undefined) return;
  hash = null;
  try {
    hash = fromCrypto(host().getBuiltinModule('node:crypto'));
  } catch {
    hash = null;
  }
  if (hash !== null) backend = 'node:crypto';
}

/** No synchronous native hash here at all (no process.getBuiltinModule, nor an installed one). */
function none() {
  return hash === null || (hash === undefined && host() === null);
}

/** Schedules the load after this turn (once per turn: a host may drop a timer with its request). */
function arm() {
  if (armed) return;
  try {
    const t = setTimeout(load, 0);
    if (t !== null && typeof t === 'object' && typeof t.unref === 'function') t.unref();
    armed = true;
    queueMicrotask(() => {
      armed = false;
    });
  } catch {
    // no timers here (or not in this scope): the bound still switches
  }
}

/**
 * Node without `process.getBuiltinModule` (before 20.16): the entries pass `node:crypto` once
 * their import of it resolved.
 */
export function installSha256(crypto) {
  const h = fromCrypto(crypto);
  if (h !== null) {
    hash = h;
    backend = 'node:crypto';
  }
}

/**
 * Which SHA-256 webhook MACs use now (`backend`: 'node:crypto' once loaded, else 'wasm'), how many
 * hashes the host computed, and, where node:crypto is expected but not loaded yet (`pending`), how
 * many bytes the core hashed meanwhile (`wasmBytes`, at most `bound`). Tests read these. Looking
 * loads nothing that is not loaded already.
 */
export function macBackend() {
  if (hash === undefined && host() !== null && loaded(host())) load();
  return { backend, calls, pending: !none() && hash === undefined, wasmBytes, bound: WASM_BOUND, subtle: subtle() !== null, subtleCalls };
}

/** Is there a synchronous native SHA-256 (loaded, or to be loaded by the rule above)? */
export function hostSha256Available() {
  return !none();
}

// verifyAsync's digests, computed ahead by SubtleCrypto, for the one verify that follows:
// answered in order, to inputs of the recorded length (anything else: the core's own hash).
let ahead = null;
let aheadAt = 0;
let aheadLength = 0;

/** verifyAsync: the next verify's host hashes are these `n` digests, of inputs of `length` bytes. */
export function hashAhead(digests, length) {
  ahead = digests;
  aheadAt = 0;
  aheadLength = length;
}

/** verifyAsync: that verify is over. */
export function endAhead() {
  ahead = null;
}

/** From the core: SHA-256 of `input` into `out` (32 bytes); false when the host has none. */
export function hostSha256(input, out) {
  if (ahead !== null) {
    if (input.length !== aheadLength || aheadAt + 32 > ahead.length) return false;
    out.set(ahead.subarray(aheadAt, aheadAt + 32));
    aheadAt += 32;
    return true;
  }
  if (hash === undefined) {
    const p = host();
    if (p === null) return false;
    // Not loaded yet: the core hashes (up to the bound) while the load waits for the next turn.
    if (!loaded(p) && wasmBytes + input.length <= WASM_BOUND) {
      wasmBytes += input.length;
      arm();
      return false;
    }
    load();
  }
  if (hash === null) return false;
  hash(input, out);
  calls++;
  return true;
}

/** SubtleCrypto, when the platform has it. */
function subtle() {
  const c = globalThis.crypto;
  return c !== undefined && c !== null && c.subtle !== undefined && c.subtle !== null && typeof c.subtle.digest === 'function' ? c.subtle : null;
}

/**
 * For `verifyAsync`: how this platform hashes. 'sync' (a synchronous native hash: the plain
 * verify is the fastest path), 'subtle' (SubtleCrypto, asynchronous), or 'wasm' (neither).
 */
export function asyncMode() {
  if (hostSha256Available()) return 'sync';
  return subtle() !== null ? 'subtle' : 'wasm';
}

/**
 * SubtleCrypto SHA-256 of each of the `n` equal-length inputs laid end to end in `inputs`
 * (copied at the call, as SubtleCrypto does); resolves to their digests, end to end. One secret's
 * digest is awaited alone: `Promise.all` of one costs workerd 0.9 us per verify (3.9 against
 * 3.0 us at 256 B); with several, it also keeps a second refusal from going unhandled.
 */
export async function subtleDigests(inputs, n) {
  const s = subtle();
  const len = n > 0 ? inputs.length / n : 0;
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(s.digest('SHA-256', inputs.subarray(i * len, (i + 1) * len)));
  const digests = n === 1 ? [await parts[0]] : await Promise.all(parts);
  subtleCalls += n;
  const out = new Uint8Array(32 * n);
  for (let i = 0; i < n; i++) out.set(new Uint8Array(digests[i]), 32 * i);
  return out;
}
