// Node CJS: `require` of the packed package, the shared vectors, and the entry that loaded.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const api = require('@kinetic/flow');

test('node-cjs loads the node `require` entry', async () => {
  const { EXPECTED_ENTRY } = await import('./runner.mjs');
  assert.equal(api.entry, EXPECTED_ENTRY['node-cjs']);
});

test('node-cjs: require gives the Kinetic class, with the named exports as its properties', () => {
  assert.equal(typeof api, 'function');
  const flow = new (require('@kinetic/flow'))({ apiKey: 'sk_test_cjs123' });
  assert.ok(flow instanceof api.Kinetic);
  assert.equal(api, api.Kinetic);
  assert.equal(api.default, api);
  assert.equal(flow.mode, 'test');
  for (const name of ['webhooks', 'validatePayment', 'idempotency', 'decodeError', 'retryDelay', 'FlowError', 'ApiError', 'ConnectionError', 'ConfigurationError', 'ValidationError', 'WebhookVerificationError']) {
    assert.ok(api[name] !== undefined, name);
  }
  const { Kinetic, webhooks } = require('@kinetic/flow');
  assert.equal(Kinetic, api);
  assert.equal(typeof webhooks.verify, 'function');
});

test('node-cjs: shared vectors', async () => {
  const { runVectors } = await import('./runner.mjs');
  const { default: vectors } = await import('./vectors.mjs');
  const result = runVectors(api, vectors);
  console.log(result.report('node-cjs'));
  assert.equal(result.failed, 0, result.failures.join('\n'));
  assert.ok(result.passed > 0);
});

test('node-cjs: webhook MACs hash with node:crypto, with the same answers', async () => {
  const { runVectors, macCheck } = await import('./runner.mjs');
  const { nodeMacChecks } = await import('./node-mac.mjs');
  const { default: vectors } = await import('./vectors.mjs');
  const before = api.__macBackend().calls;
  const result = runVectors(api, { 'webhooks.json': vectors['webhooks.json'] });
  assert.equal(result.failed, 0, result.failures.join('\n'));
  assert.ok(api.__macBackend().calls - before >= 20, 'the webhook vectors were verified with node:crypto');
  assert.deepEqual(macCheck(api, 'node-cjs'), []);
  nodeMacChecks(api);
});

test('node-cjs: @kinetic/flow/webhooks (the webhooks-only module)', async () => {
  const wh = require('@kinetic/flow/webhooks');
  await new Promise((r) => setTimeout(r, 0)); // node:crypto is installed after the require
  const { webhooksEntryChecks, webhooksHandlerChecks } = await import('./webhooks-entry.mjs');
  const { default: vectors } = await import('./vectors.mjs');
  const r = webhooksEntryChecks(wh, api, vectors, 'node-cjs');
  console.log(r.report('node-cjs webhooks'));
  assert.equal(r.failed, 0, r.failures.join('\n'));
  assert.deepEqual(await webhooksHandlerChecks(wh), []);
});
