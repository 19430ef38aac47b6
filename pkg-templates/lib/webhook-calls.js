// The webhook calls of both wasm modules, over their one face (wasm/webhooks/src/raw.rs: plain
// exports, one input buffer): the webhooks-only module (kinetic_flow_webhooks.js instantiates it)
// and the full module (kinetic_flow_core.js, the wasm-bindgen glue, instantiates it; the webhook
// calls do not go through wasm-bindgen). It only moves bytes: inputs are written into the module's
// buffer (UTF-8 by TextEncoder.encodeInto, bytes copied once), and the answers come back as
// numbers, or as text: the signature header, the version, or an error object as JSON (every field
// and message is the Rust side's). lib/webhook.js calls these as `core.webhook*`.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const jsType = (v) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/**
 * The calls over the instance `glue.__kineticExports()` returns (a new one after a restart:
 * `glue.__kineticReinstantiate`), with the glue's `__kineticReady` and `__kineticReinstantiate`.
 */
export function webhookCalls(glue) {
  let wasm; // the exports the view below belongs to
  let mem = new Uint8Array(0);

  // The input buffer (`kf_io`): where it starts and the size asked for. It moves only when asked
  // for more, so a call that fits writes straight into it, one crossing fewer per verify.
  let ioAt = 0;
  let ioSize = -1;
  // How many times a call has taken the input buffer to write into it: what the buffer holds is
  // known unchanged while this is.
  let writes = 0;

  /** The current instance's exports (a call before the module is loaded throws a TypeError). */
  function exports() {
    const e = glue.__kineticExports();
    if (e !== wasm) {
      wasm = e;
      mem = new Uint8Array(0);
      ioSize = -1;
    }
    return e;
  }

  /** Where the input buffer starts, with room for `n` bytes. */
  function io(n) {
    writes++;
    if (n > ioSize) {
      ioAt = wasm.kf_io(n) >>> 0;
      ioSize = n;
    }
    return ioAt;
  }

  /** A view of the module's memory (a new one once memory grew: the old one is then detached). */
  function bytes() {
    if (mem.byteLength === 0) mem = new Uint8Array(wasm.memory.buffer);
    return mem;
  }

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
    const at = io(room + extra);
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

  /** `secret | secret[]` as a list of strings; the core's `invalid_secret` for any other value. */
  function secretList(secrets) {
    if (typeof secrets === 'string') return [secrets];
    if (!Array.isArray(secrets)) throw notText(0, secrets);
    for (let i = 0; i < secrets.length; i++) if (typeof secrets[i] !== 'string') throw notText(i, secrets[i]);
    return secrets;
  }

  function notText(index, value) {
    const type = jsType(value);
    const at = io(type.length * 3);
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

  function webhookVerifierNew(secrets, tolerance) {
    exports();
    const list = secretList(secrets);
    const at = io(secretsRoom(list));
    const end = putSecrets(bytes(), list, at);
    const none = tolerance === undefined || tolerance === null;
    const r = wasm.kf_verifier_new(end - at, none ? 0 : 1, none ? 0 : tolerance);
    if (r < 0) throw error();
    return r;
  }

  function webhookVerifierFree(id) {
    // After a restart the old handles mean nothing, and a module not loaded has none.
    if (exports() !== undefined) wasm.kf_verifier_free(id);
  }

  /** Signature, time and event rule; the index of the secret that matched. */
  function webhookVerify(id, payload, header, now) {
    exports();
    const n = putBody(payload, header);
    const r = wasm.kf_verify(id, n, headerLength, now, 0);
    if (r < 0) throw error();
    return r;
  }

  /** Signature and time only: `[secretIndex, timestamp]`. */
  function webhookVerifySignature(id, payload, header, now) {
    exports();
    const n = putBody(payload, header);
    const r = wasm.kf_verify(id, n, headerLength, now, 1);
    if (r < 0) throw error();
    return [r, wasm.kf_num()];
  }

  /**
   * The inner HMAC inputs an asynchronous hash computes ahead of a verify (one per secret, end to
   * end): `[view, written]`, the view into the module's memory valid until the next call, and
   * what `webhookVerifyWritten` needs to verify the payload and header as written here.
   */
  function webhookMacInputs(id, payload, header) {
    exports();
    const n = putBody(payload, header);
    if (wasm.kf_verify(id, n, headerLength, 0, 2) < 0) throw error();
    const at = wasm.kf_out_ptr() >>> 0;
    return [bytes().subarray(at, at + (wasm.kf_out_len() >>> 0)), { writes, instance: wasm, n, headerLength }];
  }

  /**
   * `webhookVerify` of the same `payload` and `header` (never changed since: verifyAsync's own
   * copy, or a string) that `webhookMacInputs` wrote: when no call has written into the input
   * buffer since, they are still there and are not written again.
   */
  function webhookVerifyWritten(id, payload, header, now, written) {
    exports();
    if (written.writes !== writes || written.instance !== wasm) return webhookVerify(id, payload, header, now);
    const r = wasm.kf_verify(id, written.n, written.headerLength, now, 0);
    if (r < 0) throw error();
    return r;
  }

  /** The Kinetic-Signature value of the payload, one `v1` per secret. */
  function webhookSign(payload, secrets, timestamp) {
    exports();
    const list = secretList(secrets);
    const [m, at, n] = putPayload(payload, secretsRoom(list));
    const end = putSecrets(m, list, at + n);
    if (wasm.kf_sign(n, end - at, timestamp) < 0) throw error();
    return answer();
  }

  /** The core's `payload_not_raw` error object for a payload of the JS type `found`. */
  function webhookPayloadNotRaw(found) {
    exports();
    const at = io(found.length * 3);
    wasm.kf_payload_not_raw(utf8(bytes(), found, at));
    return error();
  }

  /**
   * The handlers' body-size limit: `max` (`maxBodyBytes`; undefined, the core's default) against
   * `length` bytes. Returns the limit in bytes; throws the core's `payload_too_large` (or
   * `validation_failed` for a `max` that is not a limit).
   */
  function webhookBodyLimit(max, length) {
    exports();
    const none = max === undefined;
    if (wasm.kf_body_limit(none ? 0 : 1, none ? 0 : max, length) < 0) throw error();
    return wasm.kf_num();
  }

  /**
   * `[generic, here]`: the generic advice of the error of `code` and the one for where it was read
   * (`reader`), or undefined when the advice is the same everywhere.
   */
  function webhookAdvice(code, reader) {
    exports();
    const s = `${code}\n${reader}`;
    const at = io(s.length * 3);
    if (wasm.kf_advice(utf8(bytes(), s, at)) !== 0) return undefined;
    const text = answer();
    const cut = text.indexOf('\n');
    return [text.slice(0, cut), text.slice(cut + 1)];
  }

  function coreVersion() {
    exports();
    wasm.kf_version();
    return answer();
  }

  return {
    webhookVerifierNew,
    webhookVerifierFree,
    webhookVerify,
    webhookVerifySignature,
    webhookMacInputs,
    webhookVerifyWritten,
    webhookSign,
    webhookPayloadNotRaw,
    webhookBodyLimit,
    webhookAdvice,
    coreVersion,
    __kineticReady: glue.__kineticReady,
    __kineticReinstantiate: glue.__kineticReinstantiate,
  };
}
