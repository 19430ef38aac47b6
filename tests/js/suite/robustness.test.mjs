// Node: the shared robustness check (every export, every JS type, a 10 MB string, detached
// buffers) against the ESM and CJS entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from '@kinetic/flow';
import { robustness } from './robustness.mjs';

const cjs = createRequire(import.meta.url)('@kinetic/flow');

for (const [name, api] of [['node-esm', esm], ['node-cjs', cjs]]) {
  test(`${name}: every export survives every JS type, and verifies afterwards`, () => {
    const r = robustness(api);
    for (const f of r.failures) console.log(`  FAIL ${f}`);
    console.log(`${name} robustness: ${r.passed} passed, ${r.failures.length} failed (${r.recoveries} instance restarts)`);
    assert.deepEqual(r.failures, []);
  });
}

test('errors are FlowError subclasses that survive instanceof and carry their fields', () => {
  assert.throws(() => esm.webhooks.verify({ parsed: true }, 't=1,v1=00', 'whsec_x'), (e) =>
    e instanceof esm.WebhookVerificationError && e instanceof esm.FlowError && e instanceof Error &&
    e.code === 'payload_not_raw' && /express\.raw/.test(e.message));
  const api = esm.decodeError(429, '{"error":{"code":"rate_limited","message":"Slow down","request_id":"req_1"}}', new Headers({ 'Retry-After': '7' }));
  assert.ok(api instanceof esm.ApiError && api instanceof esm.FlowError);
  assert.deepEqual([api.status, api.kind, api.code, api.retryable, api.retryAfter, api.requestId], [429, 'rate_limited', 'rate_limited', true, 7, 'req_1']);
});

test('payload forms: string, Buffer, Uint8Array, ArrayBuffer, DataView are hashed as received', () => {
  const body = '{"id":"evt_é","object":"event","type":"payment.created","data":{"object":{}}}';
  const header = esm.webhooks.sign(body, 'whsec_forms', { timestamp: 50 });
  const buf = Buffer.from(body);
  const forms = [body, buf, new Uint8Array(buf), buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length), new DataView(new Uint8Array(buf).buffer)];
  for (const p of forms) assert.equal(esm.webhooks.verify(p, header, 'whsec_forms', { now: 50 }).id, 'evt_é');
  // Header sources: a string, a fetch Headers, a Node record (any case), a repeated header.
  for (const h of [header, new Headers({ 'Kinetic-Signature': header }), { 'kinetic-signature': header }, { 'KINETIC-SIGNATURE': header }, { 'kinetic-signature': [header] }]) {
    assert.equal(esm.webhooks.verify(body, h, 'whsec_forms', { now: 50 }).id, 'evt_é');
  }
  // now as a Date; default now is the clock.
  assert.equal(esm.webhooks.verify(body, header, 'whsec_forms', { now: new Date(50_000) }).id, 'evt_é');
  const fresh = esm.webhooks.sign(body, 'whsec_forms');
  assert.equal(esm.webhooks.verify(body, fresh, 'whsec_forms').id, 'evt_é');
  // A lone surrogate is hashed as U+FFFD (UTF-8 has no surrogates); the event returned is that
  // same text, not a different reading of the string.
  const lone = '{"id":"evt_lone","type":"payment.created","data":{"object":{}},"note":"a\ud800b"}';
  const loneHeader = esm.webhooks.sign(Buffer.from(lone), 'whsec_forms', { timestamp: 50 });
  assert.equal(esm.webhooks.verify(lone, loneHeader, 'whsec_forms', { now: 50 }).note, 'a\ufffdb');
  // Long strings reach the core as TextEncoder bytes: the same UTF-8, the same signature.
  const long = JSON.stringify({ id: 'evt_long', type: 'payment.created', data: { object: {} }, pad: 'é'.repeat(3000) });
  const longHeader = esm.webhooks.sign(Buffer.from(long), 'whsec_forms', { timestamp: 50 });
  assert.equal(esm.webhooks.sign(long, 'whsec_forms', { timestamp: 50 }), longHeader);
  assert.equal(esm.webhooks.verify(long, longHeader, 'whsec_forms', { now: 50 }).id, 'evt_long');
  assert.equal(esm.webhooks.verifySignature(long, longHeader, ['whsec_x', 'whsec_forms'], { now: 50 }).secretIndex, 1);
});

test('a caller object that throws while read is a ValidationError, without an instance restart', () => {
  const body = '{"id":"evt_x","type":"payment.created","data":{"object":{}}}';
  const header = esm.webhooks.sign(body, 'whsec_rec', { timestamp: 9 });
  const throwing = new Proxy({}, { get() { throw new Error('boom'); } });
  const before = esm.__recoveries();
  assert.throws(() => esm.webhooks.verify(body, header, 'whsec_rec', throwing), (e) =>
    e instanceof esm.ValidationError && e.code === 'validation_failed' && /boom/.test(e.message));
  assert.throws(() => esm.webhooks.verify(body, throwing, 'whsec_rec'), esm.ValidationError);
  assert.deepEqual(esm.validatePayment(throwing).ok, false);
  assert.equal(esm.__recoveries(), before);
  assert.equal(esm.webhooks.verify(body, header, 'whsec_rec', { now: 9 }).id, 'evt_x');
});

test('an exception thrown through wasm frames restarts the instance, which keeps working', () => {
  // The Rust side lists the keys of `limits` (Object.keys, inside the wasm call): a Proxy whose
  // ownKeys throws unwinds through wasm frames, so the layer restarts the instance and reports
  // internal_error; the next calls work.
  const body = '{"id":"evt_x","type":"payment.created","data":{"object":{}}}';
  const header = esm.webhooks.sign(body, 'whsec_rec', { timestamp: 9 });
  const limits = new Proxy({}, { ownKeys() { throw new Error('keys'); } });
  const payment = { amount: 100, currency: 'usd', destination: { token: 'tok_1' } };
  const before = esm.__recoveries();
  assert.throws(() => esm.validatePayment(payment, { limits }), (e) => e instanceof esm.FlowError && e.code === 'internal_error');
  assert.equal(esm.__recoveries(), before + 1);
  assert.equal(esm.webhooks.verify(body, header, 'whsec_rec', { now: 9 }).id, 'evt_x');
  assert.equal(esm.validatePayment(payment).ok, true);
});
