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
            if (key !== 'ok' && key !== 'code') equal(err[key], e[key], key);
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
  return checks;
}

const CHECKERS = {
  'webhooks.json': webhookChecks,
  'api_errors.json': apiErrorChecks,
};

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
      skipped.push(name);
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
