// Node ESM: `import` of the packed package, the shared vectors, and the entry that loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '@kinetic/flow-core';
import { runVectors, EXPECTED_ENTRY, macCheck } from './runner.mjs';
import { nodeMacChecks } from './node-mac.mjs';
import vectors from './vectors.mjs';

test('node-esm loads the node `import` entry', () => {
  assert.equal(api.entry, EXPECTED_ENTRY['node-esm']);
});

test('node-esm: shared vectors', () => {
  const result = runVectors(api, vectors);
  console.log(result.report('node-esm'));
  assert.equal(result.failed, 0, result.failures.join('\n'));
  assert.ok(result.passed > 0);
});

test('node-esm: webhook MACs hash with node:crypto, with the same answers', () => {
  const before = api.__macBackend().calls;
  const result = runVectors(api, { 'webhooks.json': vectors['webhooks.json'] });
  assert.equal(result.failed, 0, result.failures.join('\n'));
  assert.ok(api.__macBackend().calls - before >= 40, 'the webhook vectors were verified with node:crypto');
  assert.deepEqual(macCheck(api, 'node-esm'), []);
  nodeMacChecks(api);
});
