// One suite, both shells: the same tests against the `kinetic sandbox` binary and against
// createSandbox from @kinetic/flow/sandbox (SANDBOX_SHELL=binary|npm, shells.mjs), so the two
// cannot drift. Real HTTP both ways: the SDK's requests to the sandbox, signed deliveries to a
// receiver on 127.0.0.1 that verifies them with webhooks.verify.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Kinetic } from '@kinetic/flow';
import { startSandbox, shell } from './shells.mjs';
import { startReceiver, eventually } from './receiver.mjs';

const SECRET = 'whsec_shared_suite_secret';
const OK_ACCOUNT = '000123456789';
let sandbox;
let receiver;
let flow;

before(async () => {
  receiver = await startReceiver();
  receiver.state.secret = SECRET;
  sandbox = await startSandbox({ forwardTo: receiver.url, secret: SECRET });
  flow = new Kinetic({ apiKey: sandbox.apiKey, baseUrl: sandbox.url });
});

after(async () => {
  await sandbox?.close();
  await receiver?.close();
});

beforeEach(async () => {
  await sandbox.reset();
  receiver.received.length = 0;
  receiver.state.failing = 0;
});

function params(account = OK_ACCOUNT, extra = {}) {
  return { amount: 25000, currency: 'usd', destination: { routing_number: '021000021', account_number: account }, ...extra };
}

async function create(p, key, init = {}) {
  const request = flow.payments.buildCreate(p, { idempotencyKey: key });
  return fetch(request.url, { ...request, ...init });
}

async function retrieve(id) {
  const request = flow.payments.buildRetrieve(id);
  const res = await fetch(request.url, request);
  return flow.parseResponse(res.status, await res.text(), res.headers);
}

const paymentEvents = (id) => receiver.events().filter((e) => e.data.object.id === id).map((e) => e.type);

test(`${shell}: the quickstart: a payment, its signed webhooks verified`, async () => {
  assert.equal(sandbox.secret, SECRET);
  assert.match(sandbox.apiKey, /^sk_test_[0-9a-f]{24}$/);
  const res = await create(params(), 'pay_quickstart');
  assert.equal(res.status, 201);
  assert.match(res.headers.get('request-id'), /^req_/);
  const payment = flow.parseResponse(res.status, await res.text(), res.headers);
  assert.equal(payment.status, 'completed');
  assert.equal(payment.rail, 'fednow');
  const types = await eventually(() => {
    const t = paymentEvents(payment.id);
    return t.length >= 2 && t;
  }, 'payment.created and payment.completed');
  assert.deepEqual([...types].sort(), ['payment.completed', 'payment.created']);
  assert.equal(receiver.received.filter((r) => r.error).length, 0, 'every delivery verifies');
  const got = await retrieve(payment.id);
  assert.equal(got.id, payment.id);
  const deliveries = await eventually(async () => {
    const d = await sandbox.deliveries();
    return d.length === 2 && d.every((x) => x.status === 'delivered') && d;
  }, 'two delivered deliveries');
  assert.equal(deliveries[0].url, receiver.url);
});

test(`${shell}: idempotent replay, and 409 for the same key with other params`, async () => {
  const first = await create(params(), 'pay_idem');
  const body = await first.text();
  assert.equal(first.status, 201);
  const again = await create(params(), 'pay_idem');
  assert.equal(again.status, 201);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal(await again.text(), body);
  const other = await create(params(OK_ACCOUNT, { amount: 30000 }), 'pay_idem');
  assert.equal(other.status, 409);
  assert.equal((await other.json()).error.code, 'idempotency_conflict');
  const bad = await fetch(`${sandbox.url}/v1/payments`, { method: 'POST', headers: { Authorization: 'Bearer sk_live_123', 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(bad.status, 403);
  const none = await fetch(`${sandbox.url}/v1/payments/pay_x`);
  assert.equal(none.status, 401);
});

test(`${shell}: fault status: the answer, Retry-After, nothing stored`, async () => {
  await sandbox.fault({ route: 'POST /v1/payments', kind: 'status', status: 503, retry_after: 2, times: 1 });
  const res = await create(params(), 'pay_status');
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '2');
  const retry = await create(params(), 'pay_status');
  assert.equal(retry.status, 201);
  assert.equal(retry.headers.get('idempotent-replayed'), null, 'nothing was stored the first time');
});

test(`${shell}: fault fail_before_commit: 500, nothing stored, the retry creates it`, async () => {
  await sandbox.fault({ route: 'POST /v1/payments', kind: 'fail_before_commit', times: 1 });
  const res = await create(params(), 'pay_fbc');
  assert.equal(res.status, 500);
  const retry = await create(params(), 'pay_fbc');
  assert.equal(retry.status, 201);
  assert.equal(retry.headers.get('idempotent-replayed'), null);
});

test(`${shell}: fault drop_after_commit: no response, the retry replays the one payment`, async () => {
  await sandbox.fault({ route: 'POST /v1/payments', kind: 'drop_after_commit', times: 1 });
  await assert.rejects(create(params(), 'pay_dac'));
  const retry = await create(params(), 'pay_dac');
  assert.equal(retry.status, 201);
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
  const payment = await retry.json();
  await eventually(() => paymentEvents(payment.id).length >= 2, 'the payment events');
  const created = receiver.events('payment.created');
  assert.equal(created.length, 1, 'one payment, made once');
});

test(`${shell}: fault timeout: stored and never answered; the retry replays`, async () => {
  await sandbox.fault({ route: 'POST /v1/payments', kind: 'timeout', times: 1 });
  await assert.rejects(create(params(), 'pay_to', { signal: AbortSignal.timeout(300) }));
  const retry = await create(params(), 'pay_to');
  assert.equal(retry.status, 201);
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
});

test(`${shell}: fault latency: the answer comes late; the key is in progress meanwhile (409)`, async () => {
  await sandbox.fault({ route: 'POST /v1/payments', kind: 'latency', ms: 400, times: 1 });
  const slow = create(params(), 'pay_lat');
  await new Promise((r) => setTimeout(r, 100));
  const during = await create(params(), 'pay_lat');
  assert.equal(during.status, 409);
  const res = await slow;
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('idempotent-replayed'), null);
});

test(`${shell}: the failing test accounts (0002 account_closed, 0004 account_not_found)`, async () => {
  for (const [account, code] of [['000123450002', 'account_closed'], ['000123450004', 'account_not_found']]) {
    const res = await create(params(account), `pay_fail_${code}`);
    assert.equal(res.status, 201);
    const payment = await res.json();
    assert.equal(payment.status, 'failed');
    assert.equal(payment.failure_code, code);
    await eventually(() => paymentEvents(payment.id).includes('payment.failed'), `payment.failed for ${code}`);
  }
  // On a later rail, the failure comes when it settles.
  const res = await create(params('000123450002', { rail: 'ach' }), 'pay_fail_ach');
  const payment = await res.json();
  assert.equal(payment.status, 'processing');
  await sandbox.advance(24 * 3600);
  const settled = await eventually(async () => {
    const p = await retrieve(payment.id);
    return p.status === 'failed' && p;
  }, 'the ach payment to fail');
  assert.equal(settled.failure_code, 'account_closed');
});

test(`${shell}: advance: an ach payment settles a day later on the sandbox clock`, async () => {
  const res = await create(params(OK_ACCOUNT, { rail: 'ach' }), 'pay_ach');
  const payment = await res.json();
  assert.equal(payment.status, 'processing');
  await sandbox.advance(3600);
  assert.equal((await retrieve(payment.id)).status, 'processing', 'not after an hour');
  const clock = await sandbox.advance(23 * 3600);
  assert.equal(clock.offset_seconds, 24 * 3600);
  const done = await eventually(async () => {
    const p = await retrieve(payment.id);
    return p.status === 'completed' && p;
  }, 'the ach payment to complete');
  assert.ok(done.settled_at);
  await eventually(() => paymentEvents(payment.id).includes('payment.completed'), 'payment.completed delivered');
});

test(`${shell}: a delivery is retried until the endpoint recovers`, async () => {
  receiver.state.failing = 2;
  const res = await create(params(), 'pay_retry');
  const payment = await res.json();
  // The first attempts fail (500); the next is 5 s later on the retry schedule.
  await eventually(() => receiver.received.filter((r) => r.failed).length === 2, 'two failed attempts');
  await eventually(async () => (await sandbox.deliveries()).some((d) => d.attempts >= 1 && d.log.some((l) => l.status === 500)), 'a failed attempt logged');
  await sandbox.advance(5);
  await eventually(() => paymentEvents(payment.id).length === 2, 'both events delivered after the retry');
  const deliveries = await eventually(async () => {
    const d = await sandbox.deliveries();
    return d.every((x) => x.status === 'delivered') && d;
  }, 'every delivery delivered');
  const retried = deliveries.filter((d) => d.attempts === 2);
  assert.equal(retried.length, 2);
  for (const d of retried) assert.deepEqual(d.log.map((l) => l.ok), [false, true]);
});
