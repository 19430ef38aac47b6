// The webhook half of the JS layer, shared by the root entry (lib/api.js, over the full module)
// and the webhooks-only entry (lib/webhooks-api.js, over its own small module): one copy of the
// argument translation and of the guard, bound to the webhook calls of either module
// (lib/webhook-calls.js over its instance).
//
// This layer only translates: payload bytes or text, headers objects and options in, the core's
// answers out, and the core's error objects into FlowError subclasses. Every webhook rule (header
// syntax, tolerance, secrets, the event rule) lives in the Rust core.
//
// Robustness: every export catches everything. A core error becomes its FlowError; anything
// else (a wasm trap, a throwing getter on a caller's object) re-instantiates the wasm module, so
// the package stays usable, and is reported as FlowError `internal_error`.

import { ConfigurationError, FlowError, ValidationError, fromCore, isCoreError } from './errors.js';
import { webhookHandlers } from './handlers.js';
import { asyncMode, endAhead, hashAhead, subtleDigests } from './mac.js';

// ---------------------------------------------------------------------------------------------
// Argument translation (types only), also used by lib/api.js
// ---------------------------------------------------------------------------------------------

const EMPTY = new Uint8Array(0);
const tag = (v) => Object.prototype.toString.call(v);

/** The payload as the core takes it: a string (hashed as its UTF-8 bytes) or a byte view. */
export function rawPayload(p) {
  if (typeof p === 'string') {
    // A string is hashed as its UTF-8, where a lone surrogate becomes U+FFFD; parse that same
    // text afterwards, so the event returned is exactly what was verified.
    return typeof p.isWellFormed !== 'function' || p.isWellFormed() ? p : p.toWellFormed();
  }
  // Buffer is a Uint8Array. A view of a detached buffer has byteLength 0 (its contents are gone):
  // an empty body, not a view the glue would fail to copy.
  if (p instanceof Uint8Array) return p.byteLength === 0 ? EMPTY : p;
  if (ArrayBuffer.isView(p)) {
    // A detached buffer has byteLength 0: its contents are gone, so it is an empty body.
    return p.byteLength === 0 ? EMPTY : new Uint8Array(p.buffer, p.byteOffset, p.byteLength);
  }
  const t = tag(p);
  if (t === '[object ArrayBuffer]' || t === '[object SharedArrayBuffer]') {
    return p.byteLength === 0 ? EMPTY : new Uint8Array(p);
  }
  return undefined;
}

export function describe(v) {
  if (v === undefined) return 'undefined'; // nothing was read: the core says so
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'JSON array';
  if (typeof v === 'object') return 'JSON object';
  return `${typeof v} value`;
}

/**
 * Where a `webhooks.verify` caller read the delivery, for the advice of its errors: a fetch
 * `Headers` is a fetch-style runtime; a Node Buffer or headers record, or Node itself, a Node
 * server.
 */
function readerOf(payload, header) {
  const node = typeof globalThis.process?.versions?.node === 'string' && globalThis.Deno === undefined;
  try {
    if (header !== null && typeof header === 'object' && typeof header.get === 'function') return 'web-verify';
    if (payload !== null && typeof payload === 'object' && typeof payload.utf8Slice === 'function') return 'node-verify';
    if (header !== null && typeof header === 'object' && !Array.isArray(header)) return 'node-verify';
  } catch {
    // A caller's object that throws when read (a Proxy): the runtime decides.
  }
  return node ? 'node-verify' : 'web-verify';
}

/** The Kinetic-Signature value from a string, a fetch `Headers`, or a Node headers record. */
export function signatureHeader(h) {
  if (typeof h === 'string') return h;
  if (Array.isArray(h)) return text(h); // Node's string[] for a repeated header
  if (h === null || typeof h !== 'object') return '';
  if (typeof h.get === 'function') return text(h.get('kinetic-signature'));
  let v = h['kinetic-signature'];
  if (v === undefined) v = h['Kinetic-Signature'];
  if (v === undefined) {
    for (const k of Object.keys(h)) {
      if (k.length === 17 && k.toLowerCase() === 'kinetic-signature') {
        v = h[k];
        break;
      }
    }
  }
  return text(v);
}

/** Header values: a string, or a list of them (a repeated header) joined like HTTP does. */
export function text(v) {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join(', ');
  return '';
}

/** Numbers go to the core as numbers; anything else as NaN, which the core refuses by name. */
export function num(v) {
  return typeof v === 'number' ? v : NaN;
}

export function optNum(v) {
  return v === undefined || v === null ? undefined : num(v);
}

/** `now` in Unix seconds: a number of seconds, a Date, or (default) the clock. */
export function nowSeconds(v) {
  if (v === undefined || v === null) return Math.floor(Date.now() / 1000);
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  return num(v);
}

export function opts(o) {
  return o !== null && typeof o === 'object' ? o : {};
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

function parseVerified(payload) {
  // The core parsed this body and accepted it as an event (so it is UTF-8); JSON.parse reads the
  // same text. A Node Buffer decodes faster with its own utf8Slice than with TextDecoder.
  if (typeof payload === 'string') return JSON.parse(payload);
  return JSON.parse(typeof payload.utf8Slice === 'function' ? payload.utf8Slice(0, payload.length) : decoder.decode(payload));
}

// Keyed verifiers kept across calls (keying HMAC once per secret saves work on every verify).
const MAX_CACHED = 16;
const MAX_KEY_LENGTH = 4096;

/**
 * The webhook functions over the webhook calls `core` of one module (lib/webhook-calls.js:
 * `webhook*`, `coreVersion`, `__kineticReady`, `__kineticReinstantiate`), with their own guard:
 * `call` and `fail` are also what lib/api.js wraps its other exports in.
 */
export function createWebhooks(core) {
  let recoveries = 0;

  // True while a call into the wasm module is under way (reset when it returns, or by `fail`): an
  // exception thrown then may have left the instance mid-call; one thrown before it (a caller's
  // getter or Proxy throwing while arguments are read) cannot have.
  let entered = false;

  /** Calls a glue export (arguments are evaluated before, outside the `entered` window). */
  function call(fn, a, b, c, d, e, f, g, h, i, j) {
    entered = true;
    const r = fn(a, b, c, d, e, f, g, h, i, j);
    entered = false;
    return r;
  }

  /** Everything a public function catches goes through here. */
  function fail(e) {
    const inside = entered;
    entered = false;
    if (isCoreError(e)) return fromCore(e);
    if (e instanceof FlowError) return e;
    if (!core.__kineticReady()) {
      return new ConfigurationError(
        'not_initialized',
        'The wasm module is not loaded yet: in browsers and bundlers call `await init()` once before using the package.',
      );
    }
    if (!inside && !(e instanceof WebAssembly.RuntimeError)) {
      // Thrown while the arguments were read: the instance was never entered.
      const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      const message = `an argument could not be read (${what.slice(0, 200)}): pass plain values.`;
      return new ValidationError('validation_failed', message, {
        errors: [{ param: '', code: 'invalid_type', message }],
        cause: e,
      });
    }
    // A trap or an exception thrown through wasm frames may have left the instance mid-call:
    // start a fresh one.
    recover();
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return new FlowError(
      'internal_error',
      `@kinetic/flow hit an internal error and restarted its wasm instance; the call can be retried (${what.slice(0, 200)}).`,
      { cause: e },
    );
  }

  function recover() {
    recoveries += 1;
    verifiers.clear(); // handles of the old instance mean nothing to the new one
    lastId = undefined;
    core.__kineticReinstantiate();
  }

  const verifiers = new Map();

  // Set by verifierFor: whether the handle it returned is uncached and must be freed after use.
  let uncached = false;

  /** A verifier handle for `secret` and `tolerance` (keyed once, cached). */
  // The last string secret and tolerance, and their cached handle: most services verify with one
  // secret, and this skips building the cache key (a string concatenation and its hash) per call.
  let lastSecret;
  let lastTolerance;
  let lastId;

  function verifierFor(secret, tolerance) {
    uncached = false;
    if (secret === lastSecret && tolerance === lastTolerance && lastId !== undefined && typeof secret === 'string') return lastId;
    let key;
    if (typeof secret === 'string') key = 's' + secret;
    else if (Array.isArray(secret) && secret.every((s) => typeof s === 'string')) key = 'a' + JSON.stringify(secret);
    if (key !== undefined && (tolerance === undefined || typeof tolerance === 'number')) {
      key = `${tolerance}|${key}`;
      const hit = verifiers.get(key);
      if (hit !== undefined) {
        if (typeof secret === 'string') {
          lastSecret = secret;
          lastTolerance = tolerance;
          lastId = hit;
        }
        return hit;
      }
    }
    const id = call(core.webhookVerifierNew, secret, tolerance); // the core refuses bad secrets here
    if (key !== undefined && key.length <= MAX_KEY_LENGTH) {
      if (verifiers.size >= MAX_CACHED) {
        const [oldKey, oldId] = verifiers.entries().next().value;
        verifiers.delete(oldKey);
        if (oldId === lastId) lastId = undefined;
        call(core.webhookVerifierFree, oldId);
      }
      verifiers.set(key, id);
      if (typeof secret === 'string') {
        lastSecret = secret;
        lastTolerance = tolerance;
        lastId = id;
      }
    } else {
      uncached = true;
    }
    return id;
  }

  /** The payload as the core takes it, or the core's `payload_not_raw` error for a parsed object. */
  function rawBody(payload) {
    const p = rawPayload(payload);
    if (p === undefined) throw call(core.webhookPayloadNotRaw, describe(payload));
    return p;
  }

  /**
   * Runs one of the keyed-verifier calls (`fn`: `webhookVerify` or `webhookVerifySignature`) on a
   * raw body (text or bytes), freeing an uncached handle afterwards. Returns the call's result.
   */
  function runVerifier(p, header, secret, options, fn) {
    const o = opts(options);
    return runWith(p, signatureHeader(header), secret, nowSeconds(o.now), optNum(o.tolerance), fn, undefined);
  }

  /**
   * runVerifier on read arguments; `ahead` (verifyAsync's `{ digests, length }`) answers the
   * core's host hashes during this one call.
   */
  function runWith(p, h, secret, now, tolerance, fn, ahead) {
    const id = verifierFor(secret, tolerance);
    const free = uncached;
    try {
      if (ahead !== undefined) hashAhead(ahead.digests, ahead.length);
      return call(fn, id, p, h, now);
    } finally {
      endAhead();
      if (free) core.webhookVerifierFree(id); // not through call(): keep `entered` as the call left it
    }
  }

  /**
   * The advice of a webhook error's message, for where the delivery was read (`reader`, a name
   * of the core's `Reader`): the core's generic advice, which the message ends with, is replaced
   * by the core's advice for that reader. The wording is the core's; this only passes the context.
   */
  function explain(err, reader) {
    if (!(err instanceof FlowError) || typeof err.code !== 'string') return err;
    let pair;
    try {
      pair = core.webhookAdvice(err.code, reader);
    } catch {
      return err;
    }
    if (pair === undefined || typeof err.message !== 'string' || !err.message.endsWith(pair[0])) return err;
    err.message = err.message.slice(0, err.message.length - pair[0].length) + pair[1];
    return err;
  }

  /**
   * Verifies a webhook and returns its event (the body's JSON, unknown fields kept).
   * @param payload the raw body: string, Uint8Array, ArrayBuffer or Buffer, exactly as received
   * @param header the Kinetic-Signature value, a fetch Headers, or a Node headers record
   * @param secret the endpoint's signing secret, or a list during a rotation
   * @param options { tolerance?: seconds (default 300), now?: Unix seconds or Date (default now) }
   */
  function verify(payload, header, secret, options, reader) {
    try {
      const p = rawBody(payload);
      runVerifier(p, header, secret, options, core.webhookVerify);
      return parseVerified(p);
    } catch (e) {
      throw explain(fail(e), reader ?? readerOf(payload, header));
    }
  }

  /**
   * `verify` for code that can await, with the platform's asynchronous hash where it has no
   * synchronous one (SubtleCrypto: workerd without `nodejs_compat`, browsers): the core says what
   * to hash (each secret's inner HMAC input), SubtleCrypto hashes it, and the core then verifies
   * with those digests, every rule its own. Where a synchronous native hash exists, or no
   * SubtleCrypto, it is `verify`. Resolves to the event; rejects with what `verify` throws.
   */
  async function verifyAsync(payload, header, secret, options, reader) {
    if (asyncMode() !== 'subtle') return verify(payload, header, secret, options, reader);
    let p, h, now, tolerance, inputs;
    try {
      p = rawBody(payload);
      // The bytes as they are now: the digests are taken of these, so the caller changing its
      // buffer during the await must not change what is verified and returned (a string cannot).
      if (typeof p !== 'string') p = new Uint8Array(p);
      const o = opts(options);
      h = signatureHeader(header);
      now = nowSeconds(o.now);
      tolerance = optNum(o.tolerance);
      inputs = macInputs(p, h, secret, tolerance);
    } catch (e) {
      throw explain(fail(e), reader ?? readerOf(payload, header));
    }
    let ahead;
    if (inputs.n > 0) {
      // (No inputs: the header does not parse, and the verify says why.)
      try {
        ahead = { digests: await subtleDigests(inputs.bytes, inputs.n), length: inputs.bytes.length / inputs.n };
      } catch {
        ahead = undefined; // SubtleCrypto refused: the core's own hash gives the same answer
      }
    }
    try {
      const written = inputs.written;
      runWith(p, h, secret, now, tolerance, (id) => core.webhookVerifyWritten(id, p, h, now, written), ahead);
      return parseVerified(p);
    } catch (e) {
      throw explain(fail(e), reader ?? readerOf(payload, header));
    }
  }

  /**
   * The core's inner HMAC inputs for `p` under header `h`: `{ n, bytes, written }`, one input per
   * secret, and what lets the verify after the digests find `p` and `h` still in the module.
   */
  function macInputs(p, h, secret, tolerance) {
    const id = verifierFor(secret, tolerance);
    const free = uncached;
    try {
      const [bytes, written] = call(core.webhookMacInputs, id, p, h);
      // One input per secret (the verifier took these: one string, or a list of them); none
      // for a header that does not parse.
      return { n: bytes.length === 0 ? 0 : typeof secret === 'string' ? 1 : secret.length, bytes, written };
    } finally {
      if (free) core.webhookVerifierFree(id);
    }
  }

  /**
   * Checks signature and time only (the body is not parsed): `{ secretIndex, timestamp }`.
   */
  function verifySignature(payload, header, secret, options) {
    try {
      const p = rawBody(payload);
      const r = runVerifier(p, header, secret, options, core.webhookVerifySignature);
      return { secretIndex: r[0], timestamp: r[1] };
    } catch (e) {
      throw fail(e);
    }
  }

  /**
   * Signs a payload: returns the Kinetic-Signature value `t=...,v1=...` (one v1 per secret).
   * @param options { timestamp?: Unix seconds or Date (default now) }
   */
  function sign(payload, secret, options) {
    try {
      const p = rawBody(payload);
      const t = nowSeconds(opts(options).timestamp);
      return call(core.webhookSign, p, secret, t);
    } catch (e) {
      throw fail(e);
    }
  }

  /**
   * The handlers' body-size limit (lib/handlers.js): `max` (`maxBodyBytes`; absent, the core's
   * default) against `length` bytes. Returns the limit; throws the core's `payload_too_large`.
   */
  function bodyLimit(max, length) {
    try {
      return call(core.webhookBodyLimit, optNum(max), length);
    } catch (e) {
      throw fail(e);
    }
  }

  return {
    // handler, middleware, lambda: lib/handlers.js (SPEC section 10), over this module's verify.
    webhooks: Object.freeze({ verify, verifyAsync, verifySignature, sign, ...webhookHandlers(verifyAsync, FlowError, bodyLimit, explain) }),
    call,
    fail,
    /** @internal How many times the wasm instance was restarted (tests read it). */
    recoveries: () => recoveries,
  };
}
