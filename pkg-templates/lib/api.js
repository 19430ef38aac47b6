// The JS face of @kinetic/flow-core, shared by every entry (Node ESM/CJS, workerd, Deno, browsers).
//
// This layer only translates: JS values in (payload bytes or text, headers objects, options),
// the wasm core's answers out, and the core's error objects into FlowError subclasses. Every rule
// (header syntax, tolerance, secrets, event shape, payment fields, ...) lives in the Rust core;
// nothing here re-checks what the core checks.
//
// Robustness: every export catches everything. A core error becomes its FlowError; anything
// else (a wasm trap, a throwing getter on a caller's object) re-instantiates the wasm module, so
// the package stays usable, and is reported as FlowError `internal_error`.

import * as core from '../kinetic_flow_core.js';
import { macBackend } from './mac.js';
import { webhookHandlers } from './handlers.js';
import { createSender } from './send.js';

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** Base class of every error the package throws. `code` is stable (SPEC). */
export class FlowError extends Error {
  constructor(code, message, fields) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    if (fields !== undefined) Object.assign(this, fields);
  }
}

/** A webhook failed verification (`signature_mismatch`, `timestamp_outside_tolerance`, ...). */
export class WebhookVerificationError extends FlowError {}

/** Input failed validation: `code` is `validation_failed`, the problems are in `errors`. */
export class ValidationError extends FlowError {}

/** An error answer of the Kinetic Flow API (decoded by `decodeError`, thrown by `parseResponse`). */
export class ApiError extends FlowError {}

/** The package was set up wrongly: a bad API key (`invalid_api_key`), `init()` not awaited, ... */
export class ConfigurationError extends FlowError {}

/**
 * A call got no response: `connection_failed`, `timeout`, or `aborted` (the caller's signal),
 * with the underlying error as `cause`, and `attempts` and `idempotencyKey` to retry it later.
 */
export class ConnectionError extends FlowError {}

const CLASSES = {
  webhook: WebhookVerificationError,
  validation: ValidationError,
  api: ApiError,
  connection: ConnectionError,
  configuration: ConfigurationError,
};

function isCoreError(e) {
  return e !== null && typeof e === 'object' && !(e instanceof Error) && typeof e.flowClass === 'string';
}

/** Turns a core error object into its FlowError subclass. */
function fromCore(e) {
  const Class = CLASSES[e.flowClass] || FlowError;
  const { flowClass, code, message, ...fields } = e;
  return new Class(code, message, fields);
}

let recoveries = 0;

// True while a call into the wasm module is under way (reset when it returns, or by `fail`): an
// exception thrown then may have left the instance mid-call; one thrown before it (a caller's
// getter or Proxy throwing while arguments are read) cannot have.
let entered = false;

/** Calls a glue export (arguments are evaluated before, outside the `entered` window). */
function call(fn, a, b, c, d, e, f, g, h, i) {
  entered = true;
  const r = fn(a, b, c, d, e, f, g, h, i);
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
    });
  }
  // A trap or an exception thrown through wasm frames may have left the instance mid-call:
  // start a fresh one.
  recover();
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new FlowError(
    'internal_error',
    `@kinetic/flow-core hit an internal error and restarted its wasm instance; the call can be retried (${what.slice(0, 200)}).`,
  );
}

function recover() {
  recoveries += 1;
  verifiers.clear(); // handles of the old instance mean nothing to the new one
  core.__kineticReinstantiate();
}

/** @internal How many times the wasm instance was restarted (tests read it). */
export function __recoveries() {
  return recoveries;
}

/**
 * @internal Which SHA-256 webhook MACs use, `'node:crypto'` (Node entries) or `'wasm'`, and how
 * many hashes the host computed, one per MAC (tests read it).
 */
export function __macBackend() {
  return macBackend();
}

// ---------------------------------------------------------------------------------------------
// Argument translation (types only)
// ---------------------------------------------------------------------------------------------

const EMPTY = new Uint8Array(0);
const tag = (v) => Object.prototype.toString.call(v);

/** The payload as the core takes it: a string (hashed as its UTF-8 bytes) or a byte view. */
function rawPayload(p) {
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

/** A response body: bytes as `rawPayload` reads them (a detached buffer is empty), else as given. */
function responseBody(b) {
  const p = rawPayload(b);
  return p === undefined ? b : p;
}

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'JSON array';
  if (typeof v === 'object') return 'JSON object';
  return `${typeof v} value`;
}

/** The Kinetic-Signature value from a string, a fetch `Headers`, or a Node headers record. */
function signatureHeader(h) {
  if (typeof h === 'string') return h;
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
function text(v) {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join(', ');
  return '';
}

/** Numbers go to the core as numbers; anything else as NaN, which the core refuses by name. */
function num(v) {
  return typeof v === 'number' ? v : NaN;
}

function optNum(v) {
  return v === undefined || v === null ? undefined : num(v);
}

/** `now` in Unix seconds: a number of seconds, a Date, or (default) the clock. */
function nowSeconds(v) {
  if (v === undefined || v === null) return Math.floor(Date.now() / 1000);
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  return num(v);
}

function opts(o) {
  return o !== null && typeof o === 'object' ? o : {};
}

/** `[name, value, ...]` from a fetch `Headers`, a record, or a list of pairs. */
function headerList(h) {
  const out = [];
  if (h === null || typeof h !== 'object') return out;
  if (typeof h.forEach === 'function' && typeof h.get === 'function') {
    h.forEach((value, name) => {
      out.push(String(name), String(value));
    });
    return out;
  }
  if (Array.isArray(h)) {
    for (const pair of h) {
      if (Array.isArray(pair) && typeof pair[0] === 'string') out.push(pair[0], text(pair[1]));
    }
    return out;
  }
  for (const name of Object.keys(h)) out.push(name, text(h[name]));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------

// Keyed verifiers kept across calls (keying HMAC once per secret saves work on every verify).
const verifiers = new Map();
const MAX_CACHED = 16;
const MAX_KEY_LENGTH = 4096;

// Set by verifierFor: whether the handle it returned is uncached and must be freed after use.
let uncached = false;

/** A verifier handle for `secret` and `tolerance` (keyed once, cached). */
function verifierFor(secret, tolerance) {
  uncached = false;
  let key;
  if (typeof secret === 'string') key = 's' + secret;
  else if (Array.isArray(secret) && secret.every((s) => typeof s === 'string')) key = 'a' + JSON.stringify(secret);
  if (key !== undefined && (tolerance === undefined || typeof tolerance === 'number')) {
    key = `${tolerance}|${key}`;
    const hit = verifiers.get(key);
    if (hit !== undefined) return hit;
  }
  const id = call(core.webhookVerifierNew, secret, tolerance); // the core refuses bad secrets here
  if (key !== undefined && key.length <= MAX_KEY_LENGTH) {
    if (verifiers.size >= MAX_CACHED) {
      const [oldKey, oldId] = verifiers.entries().next().value;
      verifiers.delete(oldKey);
      call(core.webhookVerifierFree, oldId);
    }
    verifiers.set(key, id);
  } else {
    uncached = true;
  }
  return id;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// Above this length a string reaches wasm faster as TextEncoder bytes than through the glue's
// per-character copy (measured: 2 KiB 20 -> 14 us, 16 KiB 137 -> 92 us). Same UTF-8 bytes.
const ENCODE_ABOVE = 1024;

function coreInput(p) {
  return typeof p === 'string' && p.length > ENCODE_ABOVE ? encoder.encode(p) : p;
}

function parseVerified(payload) {
  // The core parsed this body and accepted it as an event; JSON.parse reads the same text.
  return JSON.parse(typeof payload === 'string' ? payload : decoder.decode(payload));
}

/** The payload as the core takes it, or the core's `payload_not_raw` error for a parsed object. */
function rawBody(payload) {
  const p = rawPayload(payload);
  if (p === undefined) throw call(core.webhookPayloadNotRaw, describe(payload));
  return p;
}

/**
 * Runs one of the keyed-verifier exports (`textExport` for a string body, `bytesExport` for
 * bytes) on a raw body, freeing an uncached handle afterwards. Returns the export's result.
 */
function runVerifier(p, header, secret, options, textExport, bytesExport) {
  const o = opts(options);
  const h = signatureHeader(header);
  const now = nowSeconds(o.now);
  const id = verifierFor(secret, optNum(o.tolerance));
  const free = uncached;
  try {
    const q = coreInput(p);
    return typeof q === 'string' ? call(textExport, id, q, h, now) : call(bytesExport, id, q, h, now);
  } finally {
    if (free) core.webhookVerifierFree(id); // not through call(): keep `entered` as the call left it
  }
}

/**
 * Verifies a webhook and returns its event (the body's JSON, unknown fields kept).
 * @param payload the raw body: string, Uint8Array, ArrayBuffer or Buffer, exactly as received
 * @param header the Kinetic-Signature value, a fetch Headers, or a Node headers record
 * @param secret the endpoint's signing secret, or a list during a rotation
 * @param options { tolerance?: seconds (default 300), now?: Unix seconds or Date (default now) }
 */
function verify(payload, header, secret, options) {
  try {
    const p = rawBody(payload);
    runVerifier(p, header, secret, options, core.webhookVerifyText, core.webhookVerifyBytes);
    return parseVerified(p);
  } catch (e) {
    throw fail(e);
  }
}

/**
 * Checks signature and time only (the body is not parsed): `{ secretIndex, timestamp }`.
 */
function verifySignature(payload, header, secret, options) {
  try {
    const p = rawBody(payload);
    const r = runVerifier(p, header, secret, options, core.webhookVerifySignatureText, core.webhookVerifySignatureBytes);
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
    const q = coreInput(p);
    return typeof q === 'string' ? call(core.webhookSignText, q, secret, t) : call(core.webhookSignBytes, q, secret, t);
  } catch (e) {
    throw fail(e);
  }
}

// handler, middleware, lambda: lib/handlers.js (SPEC section 10).
export const webhooks = Object.freeze({ verify, verifySignature, sign, ...webhookHandlers(verify, FlowError) });

// ---------------------------------------------------------------------------------------------
// API errors
// ---------------------------------------------------------------------------------------------

/**
 * Decodes an API response into an `ApiError`, or `null` for 2xx.
 * @param body the response text, bytes, or already-parsed JSON
 * @param headers a fetch Headers, a record, or [name, value] pairs
 * @param options { now?: Unix seconds or Date, for an HTTP-date Retry-After }
 */
export function decodeError(status, body, headers, options) {
  try {
    const e = call(core.apiErrorDecode, num(status), responseBody(body), headerList(headers), nowSeconds(opts(options).now));
    return e === null ? null : fromCore(e);
  } catch (e) {
    throw fail(e);
  }
}

/**
 * Milliseconds to wait before retry number `attempt` (1 = the first retry), or `null` when the
 * error is not retryable or attempts ran out. Never less than the error's Retry-After.
 * @param options { baseMs?, maxMs?, maxAttempts?, random?: number in [0, 1) (default Math.random()) }
 */
export function retryDelay(attempt, error, options) {
  try {
    const o = opts(options);
    const random = o.random === undefined ? Math.random() : num(o.random);
    const ms = call(core.apiRetryDelay, num(attempt), error, optNum(o.baseMs), optNum(o.maxMs), optNum(o.maxAttempts), random);
    return ms === undefined ? null : ms;
  } catch (e) {
    throw fail(e);
  }
}

/** The version of the Rust core inside the wasm module. */
export function coreVersion() {
  try {
    return call(core.coreVersion);
  } catch (e) {
    throw fail(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Payments and idempotency
// ---------------------------------------------------------------------------------------------

// BigInt and non-finite numbers have no JSON form: they reach the core as text, which it refuses
// as the wrong type (an amount must be a safe integer number).
function jsonReplacer(_key, v) {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return v;
}

class Unserializable extends Error {}

/** Params as JSON text: JSON.stringify keeps integers integers (25000, not 25000.0). */
function paramsJson(params) {
  let json;
  try {
    json = JSON.stringify(params, jsonReplacer);
  } catch (e) {
    throw new Unserializable(e instanceof Error ? e.message : String(e));
  }
  return json === undefined ? 'null' : json;
}

function unserializable(e) {
  return new ValidationError('validation_failed', `params cannot be read as JSON (${e.message}): pass plain data.`, {
    errors: [{ param: '', code: 'invalid_type', message: `params cannot be read as JSON (${e.message}): pass plain data.` }],
  });
}

/**
 * Validates payment params: `{ ok: true, value }` (the normalized wire body) or
 * `{ ok: false, errors: [{ param, code, message }] }` with every problem, in field order.
 * Never throws on bad params.
 * @param options { limits?: { fednow?, rtp?, same_day_ach?, ach?, wire?, auto? } in cents }
 */
export function validatePayment(params, options) {
  let error;
  try {
    return { ok: true, value: JSON.parse(call(core.paymentValidate, paramsJson(params), opts(options).limits)) };
  } catch (e) {
    error = e instanceof Unserializable ? unserializable(e) : fail(e);
  }
  if (error instanceof ValidationError) return { ok: false, errors: error.errors };
  throw error;
}

function randomBytes() {
  return globalThis.crypto.getRandomValues(new Uint8Array(16));
}

/** `idk_` + 32 hex digits from 16 bytes of `crypto.getRandomValues`. */
function generate() {
  try {
    return call(core.idempotencyGenerate, randomBytes());
  } catch (e) {
    throw fail(e);
  }
}

/** The deterministic key for (scope, reference): same inputs, same key, in every runtime. */
function derive(scope, reference) {
  try {
    return call(core.idempotencyDerive, scope, reference);
  } catch (e) {
    throw fail(e);
  }
}

/** `sha256:` + 64 hex digits over the canonical validated body; throws ValidationError if invalid. */
function fingerprint(params) {
  try {
    return call(core.idempotencyFingerprint, paramsJson(params));
  } catch (e) {
    throw e instanceof Unserializable ? unserializable(e) : fail(e);
  }
}

export const idempotency = Object.freeze({ generate, derive, fingerprint });

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

// What lib/send.js needs from this layer: the glue and the translation helpers, never a rule.
const kit = {
  core,
  call,
  fail,
  opts,
  optNum,
  nowSeconds,
  headerList,
  paramsJson,
  randomBytes,
  Unserializable,
  unserializable,
  FlowError,
  ConnectionError,
  recoveries: () => recoveries,
};

/**
 * A client that sends calls (`payments.create`, ...) with the core's retry decisions, and builds
 * ready-to-send requests for callers who send themselves (`payments.buildCreate`, ...). Throws
 * ConfigurationError (`invalid_api_key`, `invalid_base_url`, `invalid_option`). The key is kept
 * in private state: it is never enumerable or printed.
 */
export class Kinetic {
  #apiKey;
  #baseUrl;

  /**
   * @param options { apiKey: 'sk_test_...' | 'sk_live_...', baseUrl?: string, fetch?: typeof fetch,
   *   maxNetworkRetries?: number (default 2), timeout?: ms per attempt (default 30000) }
   */
  constructor(options) {
    let o;
    try {
      o = opts(options);
      /** `'test'` or `'live'`, from the key. */
      this.mode = call(core.requestMode, o.apiKey, o.baseUrl);
      call(core.callCheckOptions, o.fetch, optNum(o.maxNetworkRetries), optNum(o.timeout), undefined);
    } catch (e) {
      throw fail(e);
    }
    this.#apiKey = o.apiKey;
    this.#baseUrl = o.baseUrl;
    const send = createSender(kit, {
      apiKey: o.apiKey,
      baseUrl: o.baseUrl,
      fetch: o.fetch,
      maxNetworkRetries: optNum(o.maxNetworkRetries),
      timeout: optNum(o.timeout),
    });
    const create = (kind) => (params, options) => this.#build(kind, undefined, params, options);
    const retrieve = (kind) => (id) => this.#build(kind, id, undefined, undefined);
    const sendCreate = (kind) => (params, options) => send(kind, undefined, params, options);
    const sendRetrieve = (kind) => (id, options) => send(kind, id, undefined, options);
    this.payments = Object.freeze({
      create: sendCreate('create_payment'),
      retrieve: sendRetrieve('retrieve_payment'),
      buildCreate: create('create_payment'),
      buildRetrieve: retrieve('retrieve_payment'),
    });
    this.refunds = Object.freeze({ create: sendCreate('create_refund'), buildCreate: create('create_refund') });
    this.tokens = Object.freeze({ create: sendCreate('create_token'), buildCreate: create('create_token') });
    this.events = Object.freeze({ retrieve: sendRetrieve('retrieve_event'), buildRetrieve: retrieve('retrieve_event') });
    this.webhooks = webhooks;
    Object.freeze(this);
  }

  #build(kind, id, params, options) {
    try {
      const json = params === undefined && id !== undefined ? 'null' : paramsJson(params);
      return call(core.requestBuild, this.#apiKey, this.#baseUrl, kind, id, json, opts(options).idempotencyKey, randomBytes());
    } catch (e) {
      throw e instanceof Unserializable ? unserializable(e) : fail(e);
    }
  }

  /**
   * The resource of a 2xx response (parsed JSON), or throws the decoded ApiError.
   * @param body the response text, bytes, or already-parsed JSON
   * @param headers a fetch Headers, a record, or [name, value] pairs
   */
  parseResponse(status, body, headers, options) {
    try {
      return JSON.parse(
        call(core.requestParseResponse, this.#apiKey, this.#baseUrl, num(status), responseBody(body), headerList(headers), nowSeconds(opts(options).now)),
      );
    } catch (e) {
      throw fail(e);
    }
  }
}
