// `webhooks.testDelivery` from the packed package: for every event type of the shared example
// table (data/event-examples.json, the one the Rust core, the sandbox and `kinetic trigger` use),
// a handler test written as the package README shows it: an app with `webhooks.middleware`,
// a delivery POSTed to it over real HTTP, the handler for that type called with the event.
// Prints `test-delivery: N passed, M failed`.
import { test as nodeTest, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { webhooks, ValidationError, WebhookVerificationError } from '@kinetic/flow';

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
after(() => console.log(`test-delivery: ${passed} passed, ${failed} failed`));

const table = JSON.parse(readFileSync(new URL('./event-examples.json', import.meta.url), 'utf8'));
const TYPES = Object.keys(table.objects);
const SECRET = 'whsec_test_handler_secret';

// The user's app: an Express-style route with webhooks.middleware, one handler per type.
const received = [];
const on = Object.fromEntries(TYPES.map((type) => [type, (event) => { received.push(event); }]));
let server;
let url;
before(async () => {
  const middleware = webhooks.middleware({ secret: SECRET, on, onError: () => {} });
  server = http.createServer((req, res) => middleware(req, res));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}/webhooks/kinetic`;
});
after(() => new Promise((resolve) => server.close(resolve)));

test('the table has one example per known event type', () => {
  assert.deepEqual(TYPES, [
    'payment.created', 'payment.processing', 'payment.completed', 'payment.failed', 'payment.refunded',
    'refund.created', 'refund.completed', 'token.created', 'token.updated', 'payout.completed',
  ]);
});

for (const type of TYPES) {
  test(`${type}: a signed delivery reaches its handler`, async () => {
    const { body, headers, event } = webhooks.testDelivery(type, { secret: SECRET });
    assert.equal(event.type, type);
    assert.match(event.id, /^evt_[0-9a-f]{32}$/);
    assert.deepEqual(event.data.object, table.objects[type], 'the example object, as the table has it');
    assert.equal(event.api_version, table.api_version);
    assert.deepEqual(webhooks.verify(body, headers, SECRET), event, 'what verify reads is the event returned');

    const before = received.length;
    const res = await fetch(url, { method: 'POST', body, headers });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: true });
    assert.equal(received.length, before + 1);
    assert.deepEqual(received.at(-1), event);
  });
}

test('overrides merge into the example; the timestamp signs and dates it', async () => {
  const { body, headers, event } = webhooks.testDelivery('payment.failed', {
    secret: [SECRET, 'whsec_other'],
    overrides: { id: 'evt_fixed1', data: { object: { amount: 500, metadata: { order: 'ord_9' } } } },
    timestamp: new Date('2026-04-15T09:14:02Z'),
  });
  assert.equal(event.id, 'evt_fixed1');
  assert.equal(event.data.object.amount, 500);
  assert.equal(event.data.object.status, 'failed');
  assert.equal(event.data.object.failure_code, 'account_closed');
  assert.deepEqual(event.data.object.metadata, { invoice_id: 'inv_003', order: 'ord_9' });
  assert.equal(event.created_at, '2026-04-15T09:14:02Z');
  assert.match(headers['kinetic-signature'], /^t=1776244442,v1=[0-9a-f]{64},v1=[0-9a-f]{64}$/);
  assert.equal(webhooks.verify(body, headers, 'whsec_other', { now: 1776244442 }).id, 'evt_fixed1');
  // Too old for the handler's clock: refused, so a handler test sees the real behaviour.
  const res = await fetch(url, { method: 'POST', body, headers });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'timestamp_outside_tolerance');
});

test('the same id twice: de-duplication can be tested', () => {
  const a = webhooks.testDelivery('refund.completed', { secret: SECRET, overrides: { id: 'evt_same1' } });
  const b = webhooks.testDelivery('refund.completed', { secret: SECRET, overrides: { id: 'evt_same1' } });
  assert.equal(a.event.id, b.event.id);
  assert.notEqual(webhooks.testDelivery('refund.completed', { secret: SECRET }).event.id, webhooks.testDelivery('refund.completed', { secret: SECRET }).event.id);
});

test('a wrong request is a named error', () => {
  const expect = (Class, code, fn, text) => {
    assert.throws(fn, (e) => e instanceof Class && e.code === code && (text === undefined || e.message.includes(text)), code);
  };
  expect(ValidationError, 'unknown_event_type', () => webhooks.testDelivery('payment.disputed', { secret: SECRET }), 'payment.disputed');
  expect(ValidationError, 'invalid_overrides', () => webhooks.testDelivery('payment.completed', { secret: SECRET, overrides: [1] }));
  expect(ValidationError, 'invalid_overrides', () => webhooks.testDelivery('payment.completed', { secret: SECRET, overrides: { type: 'refund.created' } }), '`type`');
  expect(WebhookVerificationError, 'invalid_event', () => webhooks.testDelivery('payment.completed', { secret: SECRET, overrides: { id: 5 } }));
  expect(WebhookVerificationError, 'invalid_secret', () => webhooks.testDelivery('payment.completed', {}));
  expect(WebhookVerificationError, 'invalid_secret', () => webhooks.testDelivery('payment.completed', { secret: 'sk_test_abc' }));
  expect(ValidationError, 'validation_failed', () => webhooks.testDelivery(undefined, { secret: SECRET }));
  const circular = {};
  circular.self = circular;
  expect(ValidationError, 'validation_failed', () => webhooks.testDelivery('payment.completed', { secret: SECRET, overrides: circular }));
});

test('CommonJS has it too; the webhooks-only entry does not ship the examples', () => {
  const require = createRequire(import.meta.url);
  const cjs = require('@kinetic/flow');
  const { event } = cjs.webhooks.testDelivery('token.updated', { secret: SECRET });
  assert.equal(event.data.object.object, 'token');
  assert.equal(require('@kinetic/flow/webhooks').webhooks.testDelivery, undefined);
});

test('messages say what happened first, and advise for where the body was read', async () => {
  const seen = [];
  const onError = (error) => { seen.push(error.message); };
  const { body, headers } = webhooks.testDelivery('payment.completed', { secret: 'whsec_another_secret' });
  const first = (m) => m.split('. ')[0];

  // The middleware read the raw body itself: no advice to add express.raw.
  const middleware = webhooks.middleware({ secret: SECRET, on, onError });
  const server2 = http.createServer((req, res) => middleware(req, res));
  await new Promise((resolve) => server2.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${server2.address().port}/`, { method: 'POST', body, headers });
    assert.equal(res.status, 400);
  } finally {
    await new Promise((resolve) => server2.close(resolve));
  }
  // The Lambda handler decoded base64.
  const lambda = webhooks.lambda({ secret: SECRET, on, onError });
  await lambda({ body: Buffer.from(body).toString('base64'), isBase64Encoded: true, headers });
  // The Web handler read the Request.
  const handler = webhooks.handler({ secret: SECRET, on, onError });
  await handler(new Request('http://x/', { method: 'POST', body, headers }));
  // 413 in a JS handler: maxBodyBytes, never axum.
  const small = webhooks.handler({ secret: SECRET, on, onError, maxBodyBytes: 10 });
  await small(new Request('http://x/', { method: 'POST', body, headers }));

  const [mw, lam, web, big] = seen;
  for (const m of [mw, lam, web]) {
    assert.equal(first(m), 'No signature in the Kinetic-Signature header matches the body with the configured secret(s)');
    assert.ok(!m.includes('express.raw') && !m.includes('request.text') && !m.includes('Rust'), m);
    assert.ok(m.length < 400, `${m.length} chars: ${m}`);
  }
  assert.match(lam, /decoded from base64/);
  assert.ok(big.includes('maxBodyBytes') && !big.includes('axum'), big);

  // webhooks.verify as the API docs write it, with Express 5 and no body parser: req.body is undefined.
  const nothing = (() => { try { webhooks.verify(undefined, headers['kinetic-signature'], SECRET); } catch (e) { return e; } })();
  assert.equal(nothing.code, 'payload_not_raw');
  assert.equal(first(nothing.message), 'No body was read: the webhook payload is undefined');
  assert.ok(nothing.message.includes("express.raw({ type: 'application/json' })") && !nothing.message.includes('request.text') && !nothing.message.includes('Rust'), nothing.message);
  // With a fetch Headers, the fetch-style advice only.
  const parsed = (() => { try { webhooks.verify(JSON.parse(body), new Headers(headers), SECRET); } catch (e) { return e; } })();
  assert.equal(parsed.code, 'payload_not_raw');
  assert.ok(parsed.message.includes('request.text()') && !parsed.message.includes('express'), parsed.message);
  console.log(`  middleware mismatch (${mw.length} chars): ${mw}`);
  console.log(`  verify(undefined) (${nothing.message.length} chars): ${nothing.message}`);
});
