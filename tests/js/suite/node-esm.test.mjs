// Node ESM: `import` of the packed package, the shared vectors, and the entry that loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '@kinetic/flow-core';
import { runVectors, EXPECTED_ENTRY } from './runner.mjs';
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
