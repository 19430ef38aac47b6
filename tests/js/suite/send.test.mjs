// Sending (SPEC section 9) from the packed package in Node: the shared call vectors through an
// injected fetch (ESM and CJS copies), then real HTTP against kinetic sandbox (tests/api/sandbox.mjs).
import { test as nodeTest, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import Kinetic, * as api from '@kinetic/flow';
import { runCallVectors } from './send-runner.mjs';
import { startSandbox } from './api/sandbox.mjs';
import vectors from './vectors.mjs';

// Counted for the suite's summary line, `send: N passed, M failed`.
let passed = 0;
let failed = 0;
const test = (name, fn) =>
  nodeTest(name, async (t) => {
    try {
      await fn(t);
      passed += 1;
    } catch (e) {
      failed += 1;
      throw e;
    }
  });
after(() => console.log(`send: ${passed} passed, ${failed} failed`));

const cjs = createRequire(import.meta.url)('@kinetic/flow');
const API_KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
const PAYMENT = {
  amount: 25000,
  currency: 'usd',
  rail: 'auto',
  destination: { routing_number: '021000021', account_number: '000123457890' },
};

test('the default export is Kinetic (ESM and CJS)', () => {
  assert.equal(Kinetic, api.Kinetic);
  assert.equal(cjs.default, cjs.Kinetic);
  assert.equal(typeof new Kinetic({ apiKey: API_KEY }).payments.create, 'function');
});

for (const [name, pkg] of [['node-esm', api], ['node-cjs', cjs]]) {
  test(`${name}: call vectors through an injected fetch`, async () => {
    const result = await runCallVectors(pkg, vectors);
    console.log(result.report(name));
    assert.equal(result.failed, 0, result.failures.join('\n'));
    assert.ok(result.passed >= 100);
  });
}

/** A sandbox (kinetic sandbox) for one test, and a fetch spy around the real fetch. */
async function withApi(options, body) {
  const server = await startSandbox(options);
  const sent = [];
  const fetch = (url, init) => {
    sent.push(init);
    return globalThis.fetch(url, init);
  };
  try {
    await body(server, sent, (o) => new Kinetic({ apiKey: API_KEY, baseUrl: server.url, fetch, ...o }));
  } finally {
    await server.close();
  }
}

test('create, retrieve, refund, token and event, with lastResponse', async () => {
  await withApi({}, async (server, sent, make) => {
    const flow = make();
    const payment = await flow.payments.create({ ...PAYMENT, idempotencyKey: 'pay_abc123', metadata: { invoice_id: 'inv_001' } });
    assert.match(payment.id, /^pay_/);
    assert.deepEqual([payment.status, payment.rail, payment.amount], ['completed', 'fednow', 25000]);
    assert.equal(payment.destination.account_number, '****7890');
    assert.deepEqual(payment.lastResponse, { statusCode: 201, requestId: 'req_1', idempotencyKey: 'pay_abc123', attempts: 1 });
    assert.ok(!JSON.stringify(payment).includes('lastResponse'));
    assert.equal(sent[0].headers['Idempotency-Key'], 'pay_abc123');
    assert.equal(JSON.parse(sent[0].body).idempotency_key, 'pay_abc123');

    const again = await flow.payments.retrieve(payment.id);
    assert.deepEqual({ ...again }, { ...payment });
    assert.equal(again.lastResponse.idempotencyKey, null);

    const refund = await flow.refunds.create({ payment: payment.id, amount: 500 });
    assert.match(refund.id, /^re_/);
    assert.match(refund.lastResponse.idempotencyKey, /^idk_[0-9a-f]{32}$/);
    const token = await flow.tokens.create({ routing_number: '021000021', account_number: '000123457890' }, { idempotencyKey: 'tok-1' });
    assert.deepEqual([token.type, token.bank_account.last4], ['bank_account', '7890']);

    const [eventId] = [...(await server.refresh()).events.keys()];
    const event = await flow.events.retrieve(eventId);
    assert.equal(event.type, 'payment.created');
    assert.equal(event.data.object.id, payment.id);
  });
});

test('validation runs before any I/O; idempotencyKey twice with two values is a ValidationError', async () => {
  await withApi({}, async (server, sent, make) => {
    const flow = make();
    await assert.rejects(
      flow.payments.create({ ...PAYMENT, destination: { routing_number: '021000021', account_number: '****7890' } }),
      (e) => e instanceof api.ValidationError && e.errors[0].code === 'masked_account_number',
    );
    await assert.rejects(
      flow.payments.create({ ...PAYMENT, idempotencyKey: 'a' }, { idempotencyKey: 'b' }),
      (e) => e instanceof api.ValidationError && e.code === 'validation_failed'
        && e.errors.length === 1 && e.errors[0].param === 'idempotency_key' && e.errors[0].code === 'invalid_idempotency_key',
    );
    await assert.rejects(flow.payments.retrieve('evt_1'), (e) => e instanceof api.ValidationError && e.code === 'invalid_id');
    await assert.rejects(flow.refunds.create({ payment: 'pay_1', amount: 0 }), api.ValidationError);
    await assert.rejects(flow.payments.create(PAYMENT, { timeout: 0 }), (e) => e instanceof api.ConfigurationError && e.code === 'invalid_option');
    await assert.rejects(flow.payments.create(PAYMENT, { signal: 'stop' }), (e) => e.code === 'invalid_option');
    assert.equal(sent.length, 0);
    assert.equal((await server.refresh()).stats.requests, 0);
    // The same key in both places is one key.
    const p = await flow.payments.create({ ...PAYMENT, idempotencyKey: 'same' }, { idempotencyKey: 'same' });
    assert.equal(p.lastResponse.idempotencyKey, 'same');
  });
});

test('options of new Kinetic are checked', () => {
  for (const bad of [{ maxNetworkRetries: -1 }, { maxNetworkRetries: 11 }, { maxNetworkRetries: 1.5 }, { timeout: 'x' }, { timeout: 0 }, { fetch: 42 }]) {
    assert.throws(() => new Kinetic({ apiKey: API_KEY, ...bad }), (e) => e instanceof api.ConfigurationError && e.code === 'invalid_option', JSON.stringify(bad));
  }
});

test('409: a used key with another body is never retried', async () => {
  await withApi({}, async (server, sent, make) => {
    const flow = make();
    await flow.payments.create({ ...PAYMENT, idempotencyKey: 'k409' });
    const err = await flow.payments.create({ ...PAYMENT, amount: 100, idempotencyKey: 'k409' }).catch((e) => e);
    assert.ok(err instanceof api.ApiError, String(err));
    assert.deepEqual([err.code, err.status, err.attempts, err.idempotencyKey, err.retryable], ['idempotency_conflict', 409, 1, 'k409', false]);
    assert.match(err.requestId, /^req_/);
    assert.equal(sent.length, 2);
    assert.equal((await server.refresh()).stats.created.payments, 1);
  });
});

test('a lost response is retried with the same bytes and replays the one payment', async () => {
  await withApi({ faults: ({ n }) => (n === 1 ? 'lost' : null) }, async (server, sent, make) => {
    const payment = await make().payments.create(PAYMENT);
    assert.equal(payment.lastResponse.attempts, 2);
    assert.equal(sent.length, 2);
    assert.equal(sent[0].body, sent[1].body);
    assert.deepEqual(sent[0].headers, sent[1].headers);
    assert.equal((await server.refresh()).stats.created.payments, 1);
    assert.equal(server.stats.replays, 1);
    assert.equal(server.resourceFor(payment.lastResponse.idempotencyKey), payment.id);
  });
});

test('503 and 429 wait at least Retry-After', async () => {
  await withApi({ faults: ({ n }) => ({ 1: '503', 2: '429' })[n] ?? null }, async (server, sent, make) => {
    const t0 = Date.now();
    const payment = await make().payments.create(PAYMENT);
    assert.ok(Date.now() - t0 >= 2000, `waited ${Date.now() - t0} ms`);
    assert.equal(payment.lastResponse.attempts, 3);
  });
});

test('a timeout: ConnectionError with cause, attempts and key; retried later with the key, the one payment', async () => {
  await withApi({ faults: () => 'slow', slowMs: 400 }, async (server, sent, make) => {
    const err = await make({ timeout: 100, maxNetworkRetries: 1 }).payments.create(PAYMENT).catch((e) => e);
    assert.ok(err instanceof api.ConnectionError, String(err));
    assert.deepEqual([err.code, err.attempts], ['timeout', 2]);
    assert.ok(err.cause instanceof Error);
    assert.match(err.idempotencyKey, /^idk_/);
    assert.match(err.message, new RegExp(`retry later with idempotency key ${err.idempotencyKey}`));
    assert.equal((await server.refresh()).stats.created.payments, 1); // the slow attempt made it
    await server.setFaults(false);
    const payment = await make().payments.create(PAYMENT, { idempotencyKey: err.idempotencyKey });
    assert.equal((await server.refresh()).resourceFor(err.idempotencyKey), payment.id);
    assert.equal(server.stats.created.payments, 1);
  });
});

test('a refused connection is connection_failed, with the cause', async () => {
  const server = await startSandbox();
  const url = server.url;
  await server.close(); // nothing listens there now
  const flow = new Kinetic({ apiKey: API_KEY, baseUrl: url, maxNetworkRetries: 1 });
  const err = await flow.payments.create(PAYMENT, { idempotencyKey: 'refused-1' }).catch((e) => e);
  assert.ok(err instanceof api.ConnectionError, String(err));
  assert.deepEqual([err.code, err.attempts, err.idempotencyKey], ['connection_failed', 2, 'refused-1']);
  assert.ok(err.cause instanceof Error);
  // The message names the host and the failure, in its first sentence.
  const host = new URL(url).host;
  assert.match(err.message, new RegExp(`^Could not reach ${host.replace(/\./g, '\\.')}: connect ECONNREFUSED [^ ]+\\. The request may or may not have taken effect \\(after 2 attempts; retry later with idempotency key refused-1: it cannot create a second payment\\)\\.$`), err.message);
});

test('a host that cannot be resolved is named, with the reason fetch gave', async () => {
  const fetch = async () => {
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND api.kinetic.dev'), { code: 'ENOTFOUND' });
    throw new TypeError('fetch failed', { cause: dns });
  };
  const err = await new Kinetic({ apiKey: API_KEY, fetch, maxNetworkRetries: 0 }).payments.retrieve('pay_1').catch((e) => e);
  assert.ok(err instanceof api.ConnectionError);
  assert.equal(err.code, 'connection_failed');
  assert.equal(err.message.split('. ')[0], 'Could not reach api.kinetic.dev: getaddrinfo ENOTFOUND api.kinetic.dev');
  assert.equal(err.cause.cause.code, 'ENOTFOUND');
});

test('the deadline bounds a whole call against a server that never answers', async () => {
  const { createServer } = await import('node:http');
  const hung = [];
  const server = createServer((req) => hung.push(req)); // never answers
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  try {
    const flow = new Kinetic({ apiKey: API_KEY, baseUrl: url, timeout: 400, deadline: 1000 });
    const err = await flow.payments.create(PAYMENT, { idempotencyKey: 'hung-1' }).catch((e) => e);
    assert.ok(err instanceof api.ConnectionError, String(err));
    assert.equal(err.code, 'deadline_exceeded');
    assert.equal(err.idempotencyKey, 'hung-1');
    assert.ok(err.attempts >= 1 && err.attempts <= 3, `attempts ${err.attempts}`);
    assert.equal(err.message.split('. ')[0], `127.0.0.1:${server.address().port} did not answer within the call's deadline of 1000 ms`);
    // A per-call deadline overrides the client's; the per-attempt timeout is named when it ends the call.
    const one = await flow.payments.retrieve('pay_1', { deadline: 5000, timeout: 200 }).catch((e) => e);
    assert.ok(one instanceof api.ConnectionError);
    assert.ok(['timeout', 'deadline_exceeded'].includes(one.code), one.code);
    const noRetry = await new Kinetic({ apiKey: API_KEY, baseUrl: url, timeout: 200, maxNetworkRetries: 0 }).payments.retrieve('pay_1').catch((e) => e);
    assert.equal(noRetry.code, 'timeout');
    assert.equal(noRetry.message.split('. ')[0], `127.0.0.1:${server.address().port} did not answer within 200 ms (the per-attempt timeout)`);
  } finally {
    for (const req of hung) req.socket.destroy();
    server.close();
  }
});

test('deadline and timeout are checked options', () => {
  for (const deadline of [0, -1, 1.5, 3_600_001, '30s']) {
    assert.throws(() => new Kinetic({ apiKey: API_KEY, deadline }), (e) => e instanceof api.ConfigurationError && e.code === 'invalid_option' && e.param === 'deadline', String(deadline));
  }
  assert.equal(new Kinetic({ apiKey: API_KEY, deadline: 3_600_000 }).mode, 'test');
});

test("the caller's abort is never retried", async () => {
  await withApi({ faults: () => 'slow', slowMs: 300 }, async (server, sent, make) => {
    const flow = make();
    const before = new AbortController();
    before.abort();
    const e1 = await flow.payments.create(PAYMENT, { signal: before.signal }).catch((e) => e);
    assert.deepEqual([e1.name, e1.code, e1.attempts, sent.length], ['ConnectionError', 'aborted', 0, 0]);
    const during = new AbortController();
    setTimeout(() => during.abort(), 50);
    const e2 = await flow.payments.create(PAYMENT, { signal: during.signal, idempotencyKey: 'abort-2' }).catch((e) => e);
    assert.deepEqual([e2.code, e2.attempts, e2.idempotencyKey, sent.length], ['aborted', 1, 'abort-2', 1]);
  });
  await withApi({ faults: () => '503' }, async (server, sent, make) => {
    const waiting = new AbortController();
    setTimeout(() => waiting.abort(), 300); // during the Retry-After wait
    const e3 = await make().payments.create(PAYMENT, { signal: waiting.signal }).catch((e) => e);
    assert.deepEqual([e3.code, e3.attempts, sent.length], ['aborted', 1, 1]);
    assert.match(e3.requestId, /^req_/);
  });
});

test('no error or response output contains the API key', async () => {
  const key = 'sk_live_51QuiteSecretValue';
  await withApi({}, async (server) => {
    const flow = new Kinetic({ apiKey: key, baseUrl: server.url, maxNetworkRetries: 0 });
    const err = await flow.payments.create(PAYMENT).catch((e) => e);
    assert.equal(err.code, 'forbidden'); // the sandbox takes test keys only
    const text = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    assert.ok(!text.includes('QuiteSecretValue'), text);
    assert.ok(!JSON.stringify(flow).includes('QuiteSecretValue'));
  });
});

test('sending torture: random params, options and responses never trap the module; every call settles', async () => {
  let seed = 12;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const values = [undefined, null, true, 0, -1, 1.5, NaN, Infinity, 2 ** 53, 25000, '', 'x', 'pay_1', 'evt_1', 'idk_1', '****7890',
    '\u{1F600}', 'a'.repeat(300), [], [1, 'a'], {}, { amount: 5 }, () => 1, Symbol('s'), 10n, new Date(NaN), new Uint8Array(3),
    new Proxy({}, { get() { throw new Error('getter throws'); } })];
  const value = () => (r() < 0.3 ? { ...PAYMENT, [pick(['amount', 'currency', 'destination', 'idempotencyKey', 'metadata', 'rail', 'x'])]: pick(values) } : pick(values));
  const body = () => pick(['', '{', '<html>', '{"id":"pay_1"}', 'null', '[]', '"s"', '{"error":{"code":"x","message":"y"}}', JSON.stringify({ error: pick(values) ?? 1 }), '\u0000\uFFFF', 'x'.repeat(5000)]);
  const status = () => pick([200, 201, 204, 299, 400, 401, 404, 409, 418, 429, 500, 503, 599, 600, 999]);
  const headers = () => pick([undefined, {}, { 'Retry-After': pick(['0', '1', '-1', 'soon', '99999999999', 'Wed, 21 Oct 2015 07:28:00 GMT']) }, { 'Request-Id': pick(['req_1', '', 'x'.repeat(300)]) }]);
  const fetch = () => {
    const k = r();
    if (k < 0.1) return Promise.reject(pick(values));
    if (k < 0.15) throw new TypeError('sync throw');
    if (k < 0.2) return new Promise(() => {});
    if (k < 0.25) return Promise.resolve(pick([null, {}, { status: 200 }, { status: 'x', headers: null, arrayBuffer: () => 1 }]));
    return Promise.resolve(new Response(r() < 0.9 ? body() : null, { status: status(), headers: headers() }));
  };
  const recoveries = api.__recoveries();
  const flow = new Kinetic({ apiKey: API_KEY, fetch, timeout: 20, maxNetworkRetries: 1 });
  const calls = [
    () => flow.payments.create(value(), pick([undefined, {}, { idempotencyKey: pick(values) }, { timeout: pick(values) }, { signal: pick(values) }])),
    () => flow.payments.retrieve(pick(values), pick([undefined, { timeout: 5 }])),
    () => flow.refunds.create(pick([{ payment: 'pay_1' }, value()]), pick([undefined, { idempotencyKey: 'r' }])),
    () => flow.tokens.create(pick([{ routing_number: '021000021', account_number: '000123457890' }, value()])),
    () => flow.events.retrieve(pick(['evt_1', value()])),
  ];
  let settled = 0;
  let resolved = 0;
  const bad = [];
  for (let batch = 0; batch < 8; batch++) {
    await Promise.all(
      Array.from({ length: 75 }, async () => {
        try {
          await pick(calls)();
          resolved += 1;
        } catch (e) {
          if (!(e instanceof api.FlowError) || e.code === 'internal_error') bad.push(`${e && e.name} ${e && e.code}: ${e && e.message}`);
        }
        settled += 1;
      }),
    );
  }
  assert.equal(settled, 600);
  assert.deepEqual(bad.slice(0, 5), []);
  assert.equal(api.__recoveries(), recoveries, 'the wasm instance never restarted');
  assert.ok(resolved > 0);
  const ok = new Kinetic({ apiKey: API_KEY, fetch: async () => new Response('{"id":"pay_ok"}', { status: 201 }) });
  assert.equal((await ok.payments.create(PAYMENT)).id, 'pay_ok');
});

test('sending does not grow the wasm memory: 8000 calls, flat after the first rounds', async () => {
  const memory = () => api.__memoryBytes();
  let n = 0;
  const fetch = async () =>
    n++ % 4 === 3
      ? new Response('{"error":{"code":"parameter_invalid","message":"no"}}', { status: 400 })
      : new Response('{"id":"pay_1","object":"payment","status":"completed"}', { status: 201, headers: { 'Request-Id': 'req_1' } });
  const flow = new Kinetic({ apiKey: API_KEY, fetch });
  const round = async () => {
    for (let i = 0; i < 10; i++) {
      await Promise.all(Array.from({ length: 200 }, (_, j) => flow.payments.create({ ...PAYMENT, metadata: { n: String(j) } }).catch((e) => e.code)));
    }
  };
  await round();
  await round();
  const settled = memory();
  await round();
  await round();
  assert.equal(memory(), settled, 'wasm memory grew');
});
