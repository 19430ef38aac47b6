// The glue of the webhooks-only module (kinetic_flow_webhooks_bg.wasm, built from wasm/webhooks
// without wasm-bindgen: src/raw.rs), shipped as kinetic_flow_webhooks.js by scripts/build-pkg.sh.
// It has the interface of the wasm-bindgen glue it replaces (`initSync`, the default async init,
// the `webhook*` functions lib/webhook.js calls, which throw the core's error objects), so the
// entries and lib/webhook.js treat both modules alike. It only moves bytes: inputs are written
// into one buffer of the module (UTF-8 by TextEncoder.encodeInto, bytes copied once), and the
// answers come back as numbers, or as text: the signature header, the version, or an error
// object as JSON (every field and message is the Rust side's).

import { hostSha256 } from './lib/mac.js';

let wasmModule, wasm;
let mem = new Uint8Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A view of the module's memory (a new one once memory grew: the old one is then detached). */
function bytes() {
  if (mem.byteLength === 0) mem = new Uint8Array(wasm.memory.buffer);
  return mem;
}

const imports = {
  './lib/mac.js': {
    hostSha256: (input, len, out) => {
      const m = bytes();
      return hostSha256(m.subarray(input, input + len), m.subarray(out, out + 32)) ? 1 : 0;
    },
  },
};

function finish(instance, module) {
  wasm = instance.exports;
  wasmModule = module;
  mem = new Uint8Array(0);
  return wasm;
}

const isModule = (m) => m instanceof WebAssembly.Module || Object.prototype.toString.call(m) === '[object WebAssembly.Module]';

/** Instantiates synchronously from `{ module }`: a WebAssembly.Module or the .wasm bytes. */
export function initSync(options) {
  if (wasm !== undefined) return wasm;
  let module = options !== undefined && Object.getPrototypeOf(options) === Object.prototype ? options.module : options;
  if (!isModule(module)) module = new WebAssembly.Module(module);
  return finish(new WebAssembly.Instance(module, imports), module);
}

let pending;
/**
 * Instantiates asynchronously from `{ module_or_path }`: a URL or string (fetched, compiled while
 * it streams in), a Response, the bytes, or a Module. No default: the browser entry passes the
 * .wasm's URL itself, so that no other entry names the file (a bundler would emit it, unused).
 */
export default function init(options) {
  if (wasm !== undefined) return Promise.resolve(wasm);
  if (pending === undefined) {
    pending = load(options);
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

async function load(options) {
  let input = options !== undefined && Object.getPrototypeOf(options) === Object.prototype ? options.module_or_path : options;
  if (input === undefined) throw new TypeError('init() needs the module: its URL, a Response, its bytes or a WebAssembly.Module');
  if (typeof input === 'string' || (typeof Request === 'function' && input instanceof Request) || (typeof URL === 'function' && input instanceof URL)) {
    input = fetch(input);
  }
  input = await input;
  if (typeof Response === 'function' && input instanceof Response) {
    if (!input.ok) throw new Error(`failed to fetch Wasm: ${input.status} ${input.statusText} fetching '${input.url}'`);
    if (typeof WebAssembly.instantiateStreaming === 'function') {
      try {
        const { instance, module } = await WebAssembly.instantiateStreaming(input.clone(), imports);
        return finish(instance, module);
      } catch (e) {
        // Served without `application/wasm`: compile the bytes instead.
        if (input.headers.get('Content-Type') === 'application/wasm') throw e;
      }
    }
    input = await input.arrayBuffer();
  }
  if (isModule(input)) return finish(await WebAssembly.instantiate(input, imports), input);
  const { instance, module } = await WebAssembly.instantiate(input, imports);
  return finish(instance, module);
}

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

/** The last answer's text. */
function answer() {
  const at = wasm.kf_out_ptr() >>> 0;
  return decoder.decode(bytes().subarray(at, at + (wasm.kf_out_len() >>> 0)));
}

/** The last answer's error object (the core's: `{ flowClass, code, message, ... }`). */
const error = () => JSON.parse(answer());

/** Writes `s` as UTF-8 at `at` (room for 3 bytes per UTF-16 unit); returns the bytes written. */
function utf8(m, s, at) {
  return encoder.encodeInto(s, m.subarray(at, at + s.length * 3)).written;
}

/**
 * Writes the payload (text or bytes) at the start of the io buffer, sized for `extra` more bytes
 * after it; returns the memory view, where the buffer starts and the payload's length.
 */
function putPayload(payload, extra) {
  const text = typeof payload === 'string';
  const room = text ? payload.length * 3 : payload.byteLength;
  const at = wasm.kf_io(room + extra) >>> 0;
  const m = bytes();
  if (!text) {
    m.set(payload, at);
    return [m, at, room];
  }
  return [m, at, utf8(m, payload, at)];
}

let headerLength = 0;
/** Writes the payload, then the header text; returns the payload's length. */
function putBody(payload, header) {
  const [m, at, n] = putPayload(payload, header.length * 3);
  headerLength = utf8(m, header, at + n);
  return n;
}

const jsType = (v) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** `secret | secret[]` as a list of strings; the core's `invalid_secret` for any other value. */
function secretList(secrets) {
  if (typeof secrets === 'string') return [secrets];
  if (!Array.isArray(secrets)) throw notText(0, secrets);
  for (let i = 0; i < secrets.length; i++) if (typeof secrets[i] !== 'string') throw notText(i, secrets[i]);
  return secrets;
}

function notText(index, value) {
  const type = jsType(value);
  const at = wasm.kf_io(type.length * 3) >>> 0;
  wasm.kf_secret_not_text(index, utf8(bytes(), type, at));
  return error();
}

/** Writes each secret as a little-endian u32 length and its UTF-8, from `at`; returns the end. */
function putSecrets(m, list, at) {
  for (const s of list) {
    const n = utf8(m, s, at + 4);
    m[at] = n & 255;
    m[at + 1] = (n >>> 8) & 255;
    m[at + 2] = (n >>> 16) & 255;
    m[at + 3] = n >>> 24;
    at += 4 + n;
  }
  return at;
}

const secretsRoom = (list) => list.reduce((n, s) => n + 4 + s.length * 3, 0);

export function webhookVerifierNew(secrets, tolerance) {
  const list = secretList(secrets);
  const at = wasm.kf_io(secretsRoom(list)) >>> 0;
  const end = putSecrets(bytes(), list, at);
  const none = tolerance === undefined || tolerance === null;
  const r = wasm.kf_verifier_new(end - at, none ? 0 : 1, none ? 0 : tolerance);
  if (r < 0) throw error();
  return r;
}

export function webhookVerifierFree(id) {
  wasm.kf_verifier_free(id);
}

/** Signature, time and event rule; the index of the secret that matched. */
export function webhookVerify(id, payload, header, now) {
  const n = putBody(payload, header);
  const r = wasm.kf_verify(id, n, headerLength, now, 0);
  if (r < 0) throw error();
  return r;
}

/** Signature and time only: `[secretIndex, timestamp]`. */
export function webhookVerifySignature(id, payload, header, now) {
  const n = putBody(payload, header);
  const r = wasm.kf_verify(id, n, headerLength, now, 1);
  if (r < 0) throw error();
  return [r, wasm.kf_num()];
}

/**
 * The inner HMAC inputs an asynchronous hash computes ahead of a verify (one per secret, end to
 * end): a view into the module's memory, valid until the next call.
 */
export function webhookMacInputs(id, payload, header) {
  const n = putBody(payload, header);
  if (wasm.kf_verify(id, n, headerLength, 0, 2) < 0) throw error();
  const at = wasm.kf_out_ptr() >>> 0;
  return bytes().subarray(at, at + (wasm.kf_out_len() >>> 0));
}

/** The Kinetic-Signature value of the payload, one `v1` per secret. */
export function webhookSign(payload, secrets, timestamp) {
  const list = secretList(secrets);
  const [m, at, n] = putPayload(payload, secretsRoom(list));
  const end = putSecrets(m, list, at + n);
  if (wasm.kf_sign(n, end - at, timestamp) < 0) throw error();
  return answer();
}

// The names of the wasm-bindgen glue, where a text and a bytes variant are two exports; here one
// function takes either.
export {
  webhookMacInputs as webhookMacInputsText,
  webhookMacInputs as webhookMacInputsBytes,
  webhookVerify as webhookVerifyText,
  webhookVerify as webhookVerifyBytes,
  webhookVerifySignature as webhookVerifySignatureText,
  webhookVerifySignature as webhookVerifySignatureBytes,
  webhookSign as webhookSignText,
  webhookSign as webhookSignBytes,
};

/** The core's `payload_not_raw` error object for a payload of the JS type `found`. */
export function webhookPayloadNotRaw(found) {
  const at = wasm.kf_io(found.length * 3) >>> 0;
  wasm.kf_payload_not_raw(utf8(bytes(), found, at));
  return error();
}

/**
 * The handlers' body-size limit: `max` (`maxBodyBytes`; undefined, the core's default) against
 * `length` bytes. Returns the limit in bytes; throws the core's `payload_too_large` (or
 * `validation_failed` for a `max` that is not a limit).
 */
export function webhookBodyLimit(max, length) {
  const none = max === undefined;
  if (wasm.kf_body_limit(none ? 0 : 1, none ? 0 : max, length) < 0) throw error();
  return wasm.kf_num();
}

/**
 * `[generic, here]`: the generic advice of the error of `code` and the one for where it was read
 * (`reader`), or undefined when the advice is the same everywhere.
 */
export function webhookAdvice(code, reader) {
  const s = `${code}\n${reader}`;
  const at = wasm.kf_io(s.length * 3) >>> 0;
  if (wasm.kf_advice(utf8(bytes(), s, at)) !== 0) return undefined;
  const text = answer();
  const cut = text.indexOf('\n');
  return [text.slice(0, cut), text.slice(cut + 1)];
}

export function coreVersion() {
  wasm.kf_version();
  return answer();
}

/** Text goes in as text (encodeInto into the module's memory): lib/webhook.js need not encode it. */
export const __kineticTextIn = true;

// For lib/webhook.js: recovery after a wasm trap.
export function __kineticReady() {
  return wasm !== undefined;
}
export function __kineticReinstantiate() {
  const module = wasmModule;
  if (module === undefined) return false;
  wasm = undefined;
  initSync({ module });
  return true;
}
