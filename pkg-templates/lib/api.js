// The JS face of @kinetic/flow, shared by every root entry (Node ESM/CJS, workerd, Deno,
// browsers). The webhooks-only entry (`@kinetic/flow/webhooks`) is lib/webhooks-api.js.
//
// This layer only translates: JS values in (payload bytes or text, headers objects, options),
// the wasm core's answers out, and the core's error objects into FlowError subclasses. Every rule
// (header syntax, tolerance, secrets, event shape, payment fields, ...) lives in the Rust core;
// nothing here re-checks what the core checks. The webhook functions and the guard every export
// runs in (`call`, `fail`: a trap re-instantiates the module) are lib/webhook.js, bound here to
// the full module's webhook calls (lib/webhook-calls.js, the same as the webhooks entry's).

import * as core from '../kinetic_flow_core.js';
import { macBackend } from './mac.js';
import { FlowError, WebhookVerificationError, ValidationError, ApiError, ConfigurationError, ConnectionError, fromCore } from './errors.js';
import { createWebhooks, rawPayload, text, num, optNum, nowSeconds, opts } from './webhook.js';
import { createSender } from './send.js';
import { webhookCalls } from './webhook-calls.js';

export { FlowError, WebhookVerificationError, ValidationError, ApiError, ConfigurationError, ConnectionError };

const calls = webhookCalls(core);
const hooks = createWebhooks(calls);
const { call, fail } = hooks;

/** @internal How many times the wasm instance was restarted (tests read it). */
export function __recoveries() {
  return hooks.recoveries();
}

/** @internal The wasm memory's size in bytes (tests read it: long runs must not grow it). */
export function __memoryBytes() {
  return core.__kineticExports().memory.buffer.byteLength;
}

/**
 * @internal Which SHA-256 webhook MACs use, `'node:crypto'` (Node entries) or `'wasm'`, and how
 * many hashes the host computed, one per MAC (tests read it).
 */
export function __macBackend() {
  return macBackend();
}

/**
 * A realistic, signed delivery of a known event type, to test one's own handler with: built by
 * the core from its table of example objects (the one the sandbox and the Rust crate use).
 * @param type a known event type, e.g. `'payment.completed'`
 * @param options { secret: the endpoint's secret (or a list), overrides?: a partial event merged
 *   in (`{ data: { object: { amount: 500 } } }`), timestamp?: Unix seconds or Date (default now) }
 * @returns { body, headers: { 'content-type', 'kinetic-signature' }, event }
 */
function testDelivery(type, options) {
  try {
    const o = opts(options);
    let overrides;
    if (o.overrides !== undefined) {
      try {
        overrides = JSON.stringify(o.overrides, jsonReplacer);
      } catch (e) {
        throw new Unserializable(e instanceof Error ? e.message : String(e), { cause: e });
      }
    }
    const [body, signature] = call(core.webhookTestDelivery, type, o.secret, nowSeconds(o.timestamp), randomBytes(), overrides);
    return { body, headers: { 'content-type': 'application/json', 'kinetic-signature': signature }, event: JSON.parse(body) };
  } catch (e) {
    throw e instanceof Unserializable ? unserializable(e) : fail(e);
  }
}

export const webhooks = Object.freeze({ ...hooks.webhooks, testDelivery });

// ---------------------------------------------------------------------------------------------
// Argument translation (types only)
// ---------------------------------------------------------------------------------------------

/** A response body: bytes as `rawPayload` reads them (a detached buffer is empty), else as given. */
function responseBody(b) {
  const p = rawPayload(b);
  return p === undefined ? b : p;
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
    return call(calls.coreVersion);
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
    throw new Unserializable(e instanceof Error ? e.message : String(e), { cause: e });
  }
  return json === undefined ? 'null' : json;
}

function unserializable(e) {
  return new ValidationError('validation_failed', `params cannot be read as JSON (${e.message}): pass plain data.`, {
    errors: [{ param: '', code: 'invalid_type', message: `params cannot be read as JSON (${e.message}): pass plain data.` }],
    cause: e.cause,
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
  recoveries: () => hooks.recoveries(),
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
   *   maxNetworkRetries?: number (default 2), timeout?: ms per attempt (default 10000),
   *   deadline?: ms for the whole call, retries and waits included (default 30000) }
   */
  constructor(options) {
    let o;
    try {
      o = opts(options);
      /** `'test'` or `'live'`, from the key; `null` without one (webhook-only use). */
      this.mode = call(core.requestMode, o.apiKey, o.baseUrl);
      call(core.callCheckOptions, o.fetch, optNum(o.maxNetworkRetries), optNum(o.timeout), undefined, optNum(o.deadline));
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
      deadline: optNum(o.deadline),
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
