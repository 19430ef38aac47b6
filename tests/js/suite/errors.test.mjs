// The error classes as users meet them: one app loads the package's ESM files and its CommonJS
// copy (a CJS dependency beside ESM code, or Node 22+ `require()`), so `instanceof` must hold
// across the two; names are literals (a minifier keeps them); `cause` keeps the original error;
// the constructors are public (tests and mocks make errors of their own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as esm from '@kinetic/flow';

const cjs = createRequire(import.meta.url)('@kinetic/flow');
const CLASSES = ['FlowError', 'WebhookVerificationError', 'ValidationError', 'ApiError', 'ConfigurationError', 'ConnectionError'];

/** One error of each class, made by each copy. */
function samples(api) {
  const caught = (fn) => {
    try {
      fn();
    } catch (e) {
      return e;
    }
    throw new Error('did not throw');
  };
  return {
    WebhookVerificationError: caught(() => api.webhooks.verify('{}', undefined, 'whsec_a')),
    ValidationError: caught(() => api.idempotency.fingerprint({ amount: 'x' })),
    ApiError: api.decodeError(503, ''),
    ConfigurationError: caught(() => new api.Kinetic({ apiKey: 'pk_test_publishable1' })),
    ConnectionError: new api.ConnectionError('timeout', 'no answer', { attempts: 3, idempotencyKey: 'pay_abc123' }),
  };
}

test('the ESM and CJS copies are two copies, and instanceof holds across them', () => {
  assert.notEqual(esm.FlowError, cjs.FlowError, 'two copies of the classes (else this test proves nothing)');
  for (const [from, to] of [[esm, cjs], [cjs, esm], [esm, esm], [cjs, cjs]]) {
    for (const [name, error] of Object.entries(samples(from))) {
      for (const other of CLASSES) {
        const expected = other === name || other === 'FlowError';
        assert.equal(error instanceof to[other], expected, `${from === esm ? 'esm' : 'cjs'} ${name} instanceof ${to === esm ? 'esm' : 'cjs'} ${other}`);
      }
      assert.ok(error instanceof Error, `${name} instanceof Error`);
    }
  }
  assert.equal({} instanceof esm.FlowError, false);
  assert.equal(null instanceof esm.FlowError, false);
  assert.equal(new Error('x') instanceof cjs.FlowError, false);
});

test('names are literals, and the message, code and stack are as thrown', () => {
  for (const api of [esm, cjs]) {
    for (const [name, error] of Object.entries(samples(api))) {
      assert.equal(error.name, name);
      assert.equal(Object.prototype.toString.call(error), '[object Error]');
      assert.ok(String(error).startsWith(`${name}: `), String(error));
      assert.ok(error.stack.startsWith(`${name}: `), error.stack.split('\n')[0]);
      assert.equal(typeof error.code, 'string');
    }
  }
});

test('constructors: (code, message, { cause, ...fields }), and a caller subclass keeps prototype instanceof', () => {
  const cause = new TypeError('socket hang up');
  const e = new esm.ApiError('rate_limited', 'slow down', { status: 429, kind: 'rate_limited', retryable: true, retryAfter: 2, requestId: null, param: null, cause });
  assert.equal(e.cause, cause);
  assert.equal(e.name, 'ApiError');
  assert.equal(e.status, 429);
  assert.ok(e instanceof cjs.ApiError && e instanceof cjs.FlowError);
  assert.equal(Object.keys(e).includes('cause'), false, 'cause is not an enumerable field');
  assert.equal(esm.retryDelay(1, e, { random: 0 }), 2000, 'a constructed ApiError is advice-ready (Retry-After 2 s)');
  assert.equal(new esm.FlowError('x', 'y').cause, undefined);
  assert.equal('cause' in new esm.FlowError('x', 'y'), false);

  class AppError extends esm.FlowError {}
  const mine = new AppError('app', 'mine');
  assert.ok(mine instanceof AppError && mine instanceof esm.FlowError && mine instanceof cjs.FlowError);
  assert.equal(mine instanceof esm.ApiError, false);
  assert.equal(esm.decodeError(500, '') instanceof AppError, false);
});

test('cause keeps the original error: a getter that throws, an unserializable param', () => {
  const boom = new RangeError('getter exploded');
  const hostile = { get amount() { throw boom; } };
  for (const api of [esm, cjs]) {
    let e;
    try {
      api.idempotency.fingerprint(hostile);
    } catch (x) {
      e = x;
    }
    assert.ok(e instanceof api.ValidationError, String(e));
    assert.equal(e.cause, boom);
    const circular = {};
    circular.self = circular;
    try {
      api.idempotency.fingerprint(circular);
    } catch (x) {
      e = x;
    }
    assert.ok(e instanceof api.ValidationError);
    assert.ok(e.cause instanceof TypeError, `cause: ${e.cause}`);
  }
});
