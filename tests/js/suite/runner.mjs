// The ONE vector runner, shared by every runtime (Node ESM, Node CJS, Deno, workerd, Chromium).
// It runs tests/vectors/*.json through the package's public JS API. No runtime-specific code: the
// caller passes the imported package and the vector files (a generated `vectors.mjs`).
//
//   const result = runVectors(api, vectors);   // { passed, failed, skipped, failures, line(name) }

const hex = (s) => {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
};

const show = (v) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

/** Runs `fn`; it must throw a FlowError subclass `Class` with `code`. Returns the error. */
function expectError(api, Class, code, fn) {
  let error;
  try {
    const value = fn();
    throw new Error(`expected ${code}, got a value: ${show(value).slice(0, 200)}`);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof api.FlowError)) throw error;
  if (!(error instanceof Class)) throw new Error(`expected ${Class.name}, got ${error.name} (${error.code})`);
  equal(error.code, code, 'code');
  return error;
}

// ---------------------------------------------------------------------------------------------
// One checker per vector file: each returns a list of [name, () => void] checks.
// ---------------------------------------------------------------------------------------------

function webhookChecks(api, file) {
  const checks = [];
  for (const c of file.cases) {
    const bytes = c.payload_hex !== undefined ? hex(c.payload_hex) : new TextEncoder().encode(c.payload);
    // Text and bytes go through different paths to the core: run both when the payload is text.
    const forms = c.payload_hex !== undefined ? [['bytes', bytes]] : [['text', c.payload], ['bytes', bytes]];
    for (const [form, payload] of forms) {
      checks.push([`${c.name} [${form}]`, () => {
        const options = { now: c.now };
        if (c.tolerance !== undefined) options.tolerance = c.tolerance;
        const e = c.expect;
        if (e.ok) {
          const event = api.webhooks.verify(payload, c.header, c.secrets, options);
          equal(event.id, e.event_id, 'event id');
          equal(event.type, e.event_type, 'event type');
          const sig = api.webhooks.verifySignature(payload, c.header, c.secrets, options);
          equal(sig.secretIndex, e.secret_index, 'secret index');
        } else {
          const err = expectError(api, api.WebhookVerificationError, e.code, () =>
            api.webhooks.verify(payload, c.header, c.secrets, options),
          );
          for (const key of Object.keys(e)) {
            if (key !== 'ok' && key !== 'code' && key !== 'message_contains') equal(err[key], e[key], key);
          }
          for (const fragment of e.message_contains || []) {
            if (!err.message.includes(fragment)) throw new Error(`message lacks ${JSON.stringify(fragment)}: ${err.message}`);
          }
          if (e.code !== 'invalid_event') {
            // Signature-only verification fails the same way (it never reads the body).
            expectError(api, api.WebhookVerificationError, e.code, () =>
              api.webhooks.verifySignature(payload, c.header, c.secrets, options),
            );
          }
        }
      }]);
    }
  }
  // What frameworks hand over (SPEC 7): Node's `string | string[] | undefined` header and an
  // unset `process.env` secret or key, each its own clear error.
  const good = file.cases.find((c) => c.expect.ok && c.payload !== undefined && typeof c.header === 'string');
  if (good === undefined) throw new Error('webhooks.json has no good text case');
  checks.push(['framework values: a repeated header (string[]) is malformed_signature_header', () => {
    expectError(api, api.WebhookVerificationError, 'malformed_signature_header', () =>
      api.webhooks.verify(good.payload, [good.header, good.header], good.secrets, { now: good.now }));
    expectError(api, api.WebhookVerificationError, 'malformed_signature_header', () =>
      api.webhooks.verify(good.payload, { 'kinetic-signature': [good.header, good.header] }, good.secrets, { now: good.now }));
    equal(api.webhooks.verify(good.payload, [good.header], good.secrets, { now: good.now }).id, good.expect.event_id, 'a one-item list is the header');
  }]);
  checks.push(['framework values: an absent header, secret or API key', () => {
    expectError(api, api.WebhookVerificationError, 'missing_signature_header', () =>
      api.webhooks.verify(good.payload, undefined, good.secrets, { now: good.now }));
    expectError(api, api.WebhookVerificationError, 'missing_signature_header', () =>
      api.webhooks.verify(good.payload, [], good.secrets, { now: good.now }));
    expectError(api, api.WebhookVerificationError, 'invalid_secret', () =>
      api.webhooks.verify(good.payload, good.header, undefined, { now: good.now }));
    // The webhooks-only entry has no client. Without a key the client is made (a service that
    // only receives webhooks) and verifies; its first request is invalid_api_key, naming the
    // variable to set.
    if (typeof api.Kinetic === 'function') {
      for (const flow of [new api.Kinetic({ apiKey: undefined }), new api.Kinetic(), new api.Kinetic({})]) {
        equal(flow.mode, null, 'mode without a key');
        equal(flow.webhooks.verify(good.payload, good.header, good.secrets, { now: good.now }).id, good.expect.event_id, 'verify without a key');
        const e = expectError(api, api.ConfigurationError, 'invalid_api_key', () => flow.payments.buildRetrieve('pay_1'));
        if (e && !String(e.message).includes('KINETIC_API_KEY')) throw new Error(`the message does not name KINETIC_API_KEY: ${e.message}`);
      }
      expectError(api, api.ConfigurationError, 'invalid_api_key', () => new api.Kinetic({ apiKey: '' }));
      expectError(api, api.ConfigurationError, 'invalid_base_url', () => new api.Kinetic({ baseUrl: 'ftp://x' }));
    }
  }]);
  return checks;
}

function apiErrorChecks(api, file) {
  const checks = [];
  for (const c of file.cases) {
    checks.push([c.name, () => {
      const err = api.decodeError(c.status, c.body, c.headers, { now: c.now });
      if (c.expect === null) return equal(err, null, 'decoded');
      if (!(err instanceof api.ApiError)) throw new Error(`expected an ApiError, got ${show(err)}`);
      if (!(err instanceof api.FlowError)) throw new Error('ApiError is not a FlowError');
      equal(err.status, c.status, 'status');
      const e = c.expect;
      equal(err.kind, e.kind, 'kind');
      equal(err.code, e.code, 'code');
      equal(err.message, e.message, 'message');
      equal(err.param, e.param, 'param');
      equal(err.requestId, e.request_id, 'requestId');
      equal(err.retryAfter, e.retry_after, 'retryAfter');
      equal(err.retryable, e.retryable, 'retryable');
    }]);
  }
  for (const c of file.retry_cases || []) {
    checks.push([`retry: ${c.name}`, () => {
      const headers = c.retry_after_header === null ? {} : { 'Retry-After': c.retry_after_header };
      const err = api.decodeError(c.status, '', headers, { now: 0 });
      const p = c.policy;
      const delay = api.retryDelay(c.attempt, err, {
        baseMs: p.base_ms,
        maxMs: p.max_ms,
        maxAttempts: p.max_attempts,
        random: c.random,
      });
      equal(delay, c.expect, 'delay');
    }]);
  }
  // parseResponse marks a 2xx whose body is not JSON `retryable` (the request may have taken
  // effect; retry with the same key): retryDelay must take that error as it takes any other.
  checks.push(['retry: the invalid_response ApiError of a 2xx that is not JSON', () => {
    const flow = new api.Kinetic({ apiKey: 'sk_test_retry' });
    let err;
    try {
      flow.parseResponse(200, '<html>proxy</html>', {});
    } catch (e) {
      err = e;
    }
    if (!(err instanceof api.ApiError)) throw new Error(`expected an ApiError, got ${err}`);
    equal(err.code, 'invalid_response', 'code');
    equal(err.retryable, true, 'retryable');
    equal(api.retryDelay(1, err, { baseMs: 500, maxMs: 8000, random: 0.5 }), 250, 'delay');
    equal(api.retryDelay(9, err, { maxAttempts: 3, random: 0.5 }), null, 'after the last attempt');
  }]);
  return checks;
}

function deepEqual(actual, expected, what) {
  equal(show(sortKeys(actual)), show(sortKeys(expected)), what);
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  }
  return v;
}

/** Field errors must match in order: param, code, and every `message_contains` fragment. */
function checkFieldErrors(actual, expected) {
  const got = actual.map((e) => `${e.param}:${e.code}`);
  const want = expected.map((e) => `${e.param}:${e.code}`);
  equal(got.join(', '), want.join(', '), 'errors');
  expected.forEach((e, i) => {
    for (const fragment of e.message_contains || []) {
      if (!actual[i].message.includes(fragment)) {
        throw new Error(`error ${i} message ${show(actual[i].message)} lacks ${show(fragment)}`);
      }
    }
  });
}

function paymentChecks(api, file) {
  // Cases marked only: 'rust' use JSON number forms a JS number cannot tell apart (25000.0).
  // Integers beyond 2^53, which JSON.parse rounds, run too: every one of them is invalid_type,
  // rounded or not.
  return file.cases.filter((c) => c.only !== 'rust').map((c) => [c.name, () => {
    const r = api.validatePayment(c.body, c.limits === undefined ? undefined : { limits: c.limits });
    equal(r.ok, c.expect.ok, `ok (${show(r.errors || r.value).slice(0, 300)})`);
    if (r.ok) deepEqual(r.value, c.expect.value, 'value');
    else checkFieldErrors(r.errors, c.expect.errors);
  }]);
}

function routingChecks(api, file) {
  // Routing numbers reach JS through payment validation (a bank form checked before submit).
  return file.cases.map((c) => [c.name, () => {
    const r = api.validatePayment({
      amount: 100,
      currency: 'usd',
      destination: { routing_number: c.input, account_number: '000123456789' },
    });
    const own = r.ok ? [] : r.errors.filter((e) => e.param === 'destination.routing_number');
    if (c.expect.ok) {
      equal(r.ok, true, `valid (${show(r.errors)})`);
    } else {
      equal(own.map((e) => e.code).join(','), c.expect.code, 'code');
    }
  }]);
}

function idempotencyChecks(api, file) {
  const checks = [];
  // generate() takes its bytes from crypto.getRandomValues: check the shape, and that the
  // vectors' fixed bytes give the vectors' keys through the request builder's `random` path.
  checks.push(['generate: shape and uniqueness', () => {
    const a = api.idempotency.generate();
    const b = api.idempotency.generate();
    if (!/^idk_[0-9a-f]{32}$/.test(a)) throw new Error(`bad key ${a}`);
    if (a === b) throw new Error('two generated keys are equal');
  }]);
  for (const c of file.derive || []) {
    checks.push([`derive: ${c.name}`, () => equal(api.idempotency.derive(c.scope, c.reference), c.expect, 'key')]);
  }
  for (const c of file.cases || []) {
    checks.push([`fingerprint: ${c.name}`, () => equal(api.idempotency.fingerprint(c.body), c.expect.fingerprint, 'fingerprint')]);
  }
  return checks;
}

const KEY_PATTERN = /^idk_[0-9a-f]{32}$/;

function requestChecks(api, file) {
  return file.cases.map((c) => [c.name, () => {
    const e = c.expect;
    let request;
    let error;
    try {
      const flow = new api.Kinetic(c.base_url === undefined ? { apiKey: c.api_key } : { apiKey: c.api_key, baseUrl: c.base_url });
      const options = c.idempotency_key === undefined ? undefined : { idempotencyKey: c.idempotency_key };
      request = {
        create_payment: () => flow.payments.buildCreate(c.params, options),
        create_refund: () => flow.refunds.buildCreate(c.params, options),
        create_token: () => flow.tokens.buildCreate(c.params, options),
        retrieve_payment: () => flow.payments.buildRetrieve(c.id),
        retrieve_event: () => flow.events.buildRetrieve(c.id),
      }[c.build]();
    } catch (x) {
      error = x;
    }
    if (e.error !== undefined) {
      if (!(error instanceof api.FlowError)) throw error || new Error(`expected ${e.error}, got a request`);
      equal(error.code, e.error, 'code');
      const Class = e.error === 'invalid_api_key' || e.error === 'invalid_base_url' ? api.ConfigurationError : api.ValidationError;
      if (!(error instanceof Class)) throw new Error(`expected ${Class.name}, got ${error.name}`);
      if (e.errors) equal(error.errors.map((f) => `${f.param}:${f.code}`).join(', '), e.errors.map(([p, k]) => `${p}:${k}`).join(', '), 'errors');
      if (c.api_key && c.api_key.length > 8 && error.message.includes(c.api_key)) throw new Error('the message shows the API key');
      return;
    }
    if (error) throw error;
    equal(request.method, e.method, 'method');
    equal(request.url, e.url, 'url');
    // A `random` case's key comes from crypto.getRandomValues in JS: same shape, same place.
    const random = c.random !== undefined && c.idempotency_key === undefined && !(c.params && c.params.idempotency_key);
    const expectedHeaders = e.headers.map(([n, v]) => [n, random && n === 'Idempotency-Key' ? '<random>' : v]);
    const key = request.headers['Idempotency-Key'];
    if (random && !KEY_PATTERN.test(key)) throw new Error(`generated key ${key}`);
    const gotHeaders = Object.entries(request.headers).map(([n, v]) => [n, random && n === 'Idempotency-Key' ? '<random>' : v]);
    equal(show(gotHeaders), show(expectedHeaders), 'headers');
    if (e.body === null) {
      equal(request.body, undefined, 'body');
    } else {
      const body = JSON.parse(request.body);
      if (random) {
        equal(body.idempotency_key, key, 'body key equals header key');
        body.idempotency_key = e.body.idempotency_key;
      }
      equal(request.body.includes(' '), false, 'compact body');
      deepEqual(body, e.body, 'body');
    }
  }]);
}

const CHECKERS = {
  'webhooks.json': webhookChecks,
  'api_errors.json': apiErrorChecks,
  'payments.json': paymentChecks,
  'routing_numbers.json': routingChecks,
  'idempotency.json': idempotencyChecks,
  'requests.json': requestChecks,
};

// Vector files with an async runner of their own (sending needs timers): send-runner.mjs runs
// calls.json in Node (ESM, CJS), Deno, workerd and Chromium.
const RUN_ELSEWHERE = new Set(['calls.json']);

/**
 * Runs every vector file through `api`. Files without a checker are reported as skipped, so a
 * new vector file shows up in every runtime's output until the runner learns it.
 */
export function runVectors(api, vectors) {
  let passed = 0;
  const failures = [];
  const skipped = [];
  for (const name of Object.keys(vectors).sort()) {
    const checker = CHECKERS[name];
    if (checker === undefined) {
      if (!RUN_ELSEWHERE.has(name)) skipped.push(name);
      continue;
    }
    for (const [caseName, check] of checker(api, vectors[name])) {
      try {
        check();
        passed += 1;
      } catch (e) {
        failures.push(`${name}: ${caseName}: ${e && e.message}`);
      }
    }
  }
  return {
    passed,
    failed: failures.length,
    failures,
    skipped,
    /** The closing line each runtime prints, e.g. `node-esm: 250 passed, 0 failed`. */
    line(runtime) {
      return `${runtime}: ${passed} passed, ${failures.length} failed`;
    },
    /** Everything to print: failures, skipped files, then the closing line. */
    report(runtime) {
      const lines = failures.map((f) => `  FAIL ${f}`);
      for (const s of skipped) lines.push(`  (no JS checker yet for ${s}: skipped)`);
      lines.push(this.line(runtime));
      return lines.join('\n');
    },
  };
}

/** The entry file each runtime must load (package.json `exports` conditions). */
export const EXPECTED_ENTRY = {
  'node-esm': 'node-esm',
  'node-cjs': 'node-cjs',
  deno: 'deno',
  workerd: 'workerd',
  chromium: 'browser',
};

/** The SHA-256 each runtime's entry must compute webhook MACs with (lib/mac.js). */
export const EXPECTED_MAC = {
  'node-esm': 'node:crypto',
  'node-cjs': 'node:crypto',
  deno: 'node:crypto', // process.getBuiltinModule('node:crypto')
  workerd: 'wasm', // the suite's Worker runs without nodejs_compat (workerd-run.mjs)
  'workerd-nodejs-compat': 'node:crypto',
  chromium: 'wasm',
};

/** The bytes of one HMAC's inner hash (what the host hashes): the key block, then `t.body`. */
export function innerLength(t, body) {
  return 64 + new TextEncoder().encode(`${t}.${body}`).length;
}

/** Has this process loaded node:crypto (Node's module list; elsewhere: unknown, false)? */
function cryptoLoaded() {
  const list = globalThis.process?.moduleLoadList;
  return Array.isArray(list) && list.includes('NativeModule crypto');
}

/**
 * The rule of lib/mac.js where a native SHA-256 exists (DESIGN.md, "The MAC hash at start-up"),
 * for one hash of `length` bytes between the `__macBackend()` states `before` and `after`: node:crypto
 * once loaded (`calls` + 1); before that (`pending`) the core's SHA-256 (`wasmBytes` + `length`),
 * unless that would take the wasm past `bound` bytes or node:crypto is loaded already: then it
 * is loaded at that hash, which is native. `before.loaded`, when given, says whether node:crypto
 * was loaded (in a child process); else this process's module list. Returns a list of failures.
 */
export function nativeRuleCheck(before, after, length, what = 'one hash') {
  const failures = [];
  const host = after.calls - before.calls;
  const wasm = after.wasmBytes - before.wasmBytes;
  if (after.wasmBytes > after.bound) failures.push(`${what}: the wasm hashed ${after.wasmBytes} bytes, past the bound ${after.bound}`);
  if (before.backend === 'node:crypto') {
    if (host !== 1 || wasm !== 0) failures.push(`${what}: node:crypto loaded, yet ${host} host hashes and ${wasm} wasm bytes`);
  } else if (!before.pending) {
    failures.push(`${what}: backend ${before.backend} and nothing pending, where node:crypto exists`);
  } else if (before.wasmBytes + length > before.bound || (before.loaded ?? cryptoLoaded())) {
    if (host !== 1 || wasm !== 0 || after.backend !== 'node:crypto' || after.pending) {
      failures.push(`${what}: past the bound (or node:crypto loaded), expected the switch to node:crypto, got ${host} host hashes, ${wasm} wasm bytes, ${after.backend}`);
    }
  } else if (host !== 0 || wasm !== length || after.backend !== 'wasm' || !after.pending) {
    failures.push(`${what}: node:crypto not loaded and under the bound, expected the core's hash of ${length} bytes, got ${host} host hashes, ${wasm} wasm bytes, ${after.backend}`);
  }
  return failures;
}

/**
 * `verifyAsync` where the runtime has no synchronous native hash: SubtleCrypto computes the MAC
 * (one digest per secret), never the wasm SHA-256; elsewhere it is `verify` (no SubtleCrypto
 * digest), and after a macrotask every hash is node:crypto's. Resolves to a list of failures
 * (empty: fine).
 */
export async function macAsyncCheck(api, runtime) {
  const failures = [];
  const subtle = EXPECTED_MAC[runtime] === 'wasm' && typeof globalThis.crypto?.subtle?.digest === 'function';
  const body = '{"id":"evt_mac_async","type":"payment.created","data":{"object":{}}}';
  const header = api.webhooks.sign(body, 'whsec_mac_async', { timestamp: 1000 });
  if (EXPECTED_MAC[runtime] !== 'wasm' && api.__macBackend().pending) {
    // node:crypto not loaded yet: a verify schedules its load, which a macrotask later is done.
    api.webhooks.verify(body, header, 'whsec_mac_async', { now: 1000 });
    await new Promise((r) => setTimeout(r, 0));
    const m = api.__macBackend();
    if (m.backend !== 'node:crypto' || m.pending) failures.push(`a macrotask after a verify: backend ${m.backend}, pending ${m.pending}, expected node:crypto loaded`);
  }
  const before = api.__macBackend();
  try {
    const e = await api.webhooks.verifyAsync(new TextEncoder().encode(body), header, 'whsec_mac_async', { now: 1000 });
    if (e.id !== 'evt_mac_async') failures.push(`verifyAsync: got ${e.id}`);
  } catch (e) {
    failures.push(`verifyAsync: ${e && e.code} ${e && e.message}`);
  }
  // The event is the body that was verified: bytes the caller changes while the hash is awaited
  // are not returned as verified (the same length, so the digests would still fit).
  try {
    const u = new TextEncoder().encode(body);
    const pending = api.webhooks.verifyAsync(u, header, 'whsec_mac_async', { now: 1000 });
    u.set(new TextEncoder().encode('evt_mac_forgd'), body.indexOf('evt_mac_async'));
    const e = await pending;
    if (e.id !== 'evt_mac_async') failures.push(`verifyAsync returned bytes changed during the await: ${e.id}`);
  } catch (e) {
    failures.push(`verifyAsync, bytes changed during the await: ${e && e.code} ${e && e.message}`);
  }
  // Several at once (a Worker serves requests concurrently), a verify between them: each
  // resolves to its own event.
  try {
    const other = '{"id":"evt_mac_other","type":"payment.created","data":{"object":{"note":"a longer body"}}}';
    const otherHeader = api.webhooks.sign(other, 'whsec_mac_async', { timestamp: 1000 });
    const a = api.webhooks.verifyAsync(new TextEncoder().encode(body), header, 'whsec_mac_async', { now: 1000 });
    const b = api.webhooks.verifyAsync(other, otherHeader, 'whsec_mac_async', { now: 1000 });
    const c = api.webhooks.verify(new TextEncoder().encode(other), otherHeader, 'whsec_mac_async', { now: 1000 });
    const [ea, eb] = await Promise.all([a, b]);
    if (ea.id !== 'evt_mac_async' || eb.id !== 'evt_mac_other' || c.id !== 'evt_mac_other') failures.push(`verifyAsync twice at once with a verify between: got ${ea.id}, ${eb.id}, ${c.id}`);
  } catch (e) {
    failures.push(`verifyAsync twice at once: ${e && e.code} ${e && e.message}`);
  }
  // A forged one is refused the same way as by verify.
  try {
    await api.webhooks.verifyAsync(body, header.slice(0, -1) + (header.endsWith('0') ? '1' : '0'), 'whsec_mac_async', { now: 1000 });
    failures.push('verifyAsync accepted a forged signature');
  } catch (e) {
    if (e.code !== 'signature_mismatch') failures.push(`verifyAsync forged: ${e.code}`);
  }
  const after = api.__macBackend();
  const want = subtle ? 5 : 0;
  if (after.subtleCalls - before.subtleCalls !== want) failures.push(`verifyAsync: ${after.subtleCalls - before.subtleCalls} SubtleCrypto digests for five verifies, expected ${want}`);
  if (!subtle && EXPECTED_MAC[runtime] !== 'wasm' && after.calls - before.calls < 3) failures.push('verifyAsync did not use the synchronous native hash');
  if (after.wasmBytes !== before.wasmBytes) failures.push(`verifyAsync: the wasm hashed ${after.wasmBytes - before.wasmBytes} bytes`);
  return failures;
}

/**
 * Checks which SHA-256 computed the webhook MACs: where the runtime has node:crypto, the rule of
 * `nativeRuleCheck` for one good single-secret verify (one hash, the HMAC's inner one); where it
 * has none, the wasm, and no host hash ever. Returns a list of failures (empty: fine).
 */
export function macCheck(api, runtime) {
  const failures = [];
  const expected = EXPECTED_MAC[runtime];
  const before = api.__macBackend();
  if (expected === 'wasm' && (before.backend !== 'wasm' || before.pending)) failures.push(`mac backend: expected wasm, got ${before.backend}${before.pending ? ' (pending)' : ''}`);
  if (expected !== 'wasm' && before.backend !== expected && !before.pending) failures.push(`mac backend: expected ${expected} (or the wasm while it loads), got ${before.backend}`);
  const body = '{"id":"evt_mac","type":"payment.created","data":{"object":{}}}';
  const header = api.webhooks.sign(body, 'whsec_mac_check', { timestamp: 1000 });
  let id;
  try {
    id = api.webhooks.verify(body, header, 'whsec_mac_check', { now: 1000 }).id;
  } catch (e) {
    failures.push(`mac check verify: ${e && e.code} ${e && e.message}`);
  }
  if (id !== 'evt_mac') failures.push(`mac check verify: got ${id}`);
  const after = api.__macBackend();
  if (expected === 'wasm') {
    if (after.calls !== 0 || after.wasmBytes !== 0) failures.push(`wasm runtime: ${after.calls} host hashes, ${after.wasmBytes} bytes counted as pending`);
  } else {
    failures.push(...nativeRuleCheck(before, after, innerLength(1000, body), 'mac check'));
  }
  return failures;
}
