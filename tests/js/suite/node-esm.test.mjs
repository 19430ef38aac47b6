// Node ESM: `import` of the packed package, the shared vectors, and the entry that loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '@kinetic/flow';
import * as wh from '@kinetic/flow/webhooks';
import { webhooksEntryChecks, webhooksHandlerChecks } from './webhooks-entry.mjs';
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
  assert.ok(api.__macBackend().calls - before >= 20, 'the webhook vectors were verified with node:crypto');
  assert.deepEqual(macCheck(api, 'node-esm'), []);
  nodeMacChecks(api);
});

test('node-esm: node:crypto computes the MAC from the first verify on (never the wasm SHA-256)', async () => {
  const { spawnSync } = await import('node:child_process');
  const script = `
    const api = await import('@kinetic/flow');
    const body = '{"id":"evt_early","type":"payment.created","data":{"object":{}}}';
    const header = api.webhooks.sign(body, 'whsec_early', { timestamp: 1000 });
    const early = [api.__macBackend().backend, api.webhooks.verify(body, header, 'whsec_early', { now: 1000 }).id, api.__macBackend().calls];
    await new Promise((r) => setTimeout(r, 50));
    const late = [api.__macBackend().backend, api.webhooks.verify(body, header, 'whsec_early', { now: 1000 }).id, api.__macBackend().calls];
    console.log(JSON.stringify([early, late]));`;
  for (const flags of [['--input-type=module'], ['--input-type=commonjs']]) {
    const code = flags[0] === '--input-type=module' ? script : `(async () => { ${script.replace("await import('@kinetic/flow')", "require('@kinetic/flow')")} })()`;
    const r = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8', cwd: process.cwd() });
    assert.equal(r.status, 0, r.stderr);
    // process.getBuiltinModule hands node:crypto over synchronously at the first verify.
    assert.deepEqual(JSON.parse(r.stdout), [['node:crypto', 'evt_early', 1], ['node:crypto', 'evt_early', 2]], flags[0]);
  }
});

test('node-esm: @kinetic/flow/webhooks (the webhooks-only module)', async () => {
  await new Promise((r) => setTimeout(r, 0)); // node:crypto is installed after the import
  const r = webhooksEntryChecks(wh, api, vectors, 'node-esm');
  console.log(r.report('node-esm webhooks'));
  assert.equal(r.failed, 0, r.failures.join('\n'));
  assert.deepEqual(await webhooksHandlerChecks(wh), []);
});
