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

// The MAC hash at start-up (lib/mac.js, DESIGN.md): a fresh process that has not loaded
// node:crypto verifies first with the core's SHA-256 and loads node:crypto a macrotask later, or at
// once when the wasm would hash past the bound; one that has loaded it uses it from the first
// verify. Each case in a fresh Node, ESM and CJS, the root entry and the webhooks entry.
test('node-esm: the MAC hash at start-up: node:crypto where loaded, else the wasm until a macrotask or the bound', async () => {
  const { spawnSync } = await import('node:child_process');
  const { writeFileSync, rmSync } = await import('node:fs');
  const { innerLength, nativeRuleCheck } = await import('./runner.mjs');
  const body = '{"id":"evt_early","type":"payment.created","data":{"object":{}}}';
  const big = `{"id":"evt_big","type":"payment.created","data":{"object":{"note":"${'x'.repeat(4000)}"}}}`;
  const steps = `
    const loaded = () => process.moduleLoadList.includes('NativeModule crypto');
    const m = () => ({ ...api.__macBackend(), loaded: loaded() });
    const out = { before: m() };
    const body = ${JSON.stringify(body)};
    const header = api.webhooks.sign(body, 'whsec_early', { timestamp: 1000 });
    if (api.webhooks.verify(body, header, 'whsec_early', { now: 1000 }).id !== 'evt_early') throw new Error('first verify');
    out.first = m();
    if (process.env.CASE === 'loop') {
      // One synchronous loop: the wasm hashes until the next hash would pass the bound.
      const big = ${JSON.stringify(big)};
      const h = api.webhooks.sign(big, 'whsec_early', { timestamp: 1000 });
      out.loop = [];
      for (let i = 0; i < Math.ceil(out.first.bound / big.length) + 3; i++) {
        api.webhooks.verify(big, h, 'whsec_early', { now: 1000 });
        out.loop.push(m());
      }
    } else {
      await new Promise((r) => setTimeout(r, 0));
      out.tick = m();
      api.webhooks.verify(body, header, 'whsec_early', { now: 1000 });
      out.second = m();
    }
    console.log(JSON.stringify(out));`;
  const len = innerLength(1000, body);
  const bigLen = innerLength(1000, big);
  for (const spec of ['@kinetic/flow', '@kinetic/flow/webhooks']) {
    for (const kind of ['mjs', 'cjs']) {
      for (const c of ['fresh', 'loop', 'preloaded']) {
        const what = `${spec} ${kind} ${c}`;
        const pre = c === 'preloaded' ? "process.getBuiltinModule('node:crypto');\n" : '';
        const file = `mac-startup-${process.pid}.${kind}`;
        const code = kind === 'mjs'
          ? `${pre}const api = await import('${spec}');\n${steps}`
          : `${pre}(async () => {\nconst api = require('${spec}');\n${steps}\n})();`;
        writeFileSync(file, code);
        let r;
        try {
          r = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { ...process.env, CASE: c } });
        } finally {
          rmSync(file, { force: true });
        }
        assert.equal(r.status, 0, `${what}: ${r.stderr}`);
        const o = JSON.parse(r.stdout);
        if (c === 'preloaded') {
          // Already loaded: node:crypto from the first verify on, the wasm never.
          assert.equal(o.before.backend, 'node:crypto', what);
          assert.deepEqual([o.first.calls, o.first.wasmBytes, o.second.calls, o.second.wasmBytes], [1, 0, 2, 0], what);
          continue;
        }
        // Not loaded: nothing loads it at import nor at the first verify, which is the wasm's.
        assert.deepEqual([o.before.backend, o.before.pending, o.before.loaded], ['wasm', true, false], what);
        assert.deepEqual([o.first.backend, o.first.pending, o.first.loaded, o.first.calls, o.first.wasmBytes], ['wasm', true, false, 0, len], what);
        if (c === 'fresh') {
          // A macrotask later node:crypto is loaded, and every hash is native.
          assert.deepEqual([o.tick.backend, o.tick.pending, o.tick.loaded, o.tick.wasmBytes], ['node:crypto', false, true, len], what);
          assert.deepEqual([o.second.calls, o.second.wasmBytes], [1, len], what);
          continue;
        }
        // The loop: each hash by the rule; the wasm stops at the bound, never past it.
        let prev = o.first;
        for (const [i, now] of o.loop.entries()) {
          assert.deepEqual(nativeRuleCheck(prev, now, bigLen, `${what} #${i}`), [], what);
          prev = now;
        }
        const last = o.loop.at(-1);
        assert.equal(last.backend, 'node:crypto', what);
        assert.ok(last.wasmBytes <= last.bound && last.wasmBytes + bigLen > last.bound, `${what}: switched at ${last.wasmBytes} bytes`);
        assert.ok(last.calls >= 3, what);
      }
    }
  }
});

test('node-esm: @kinetic/flow/webhooks (the webhooks-only module)', async () => {
  await new Promise((r) => setTimeout(r, 0)); // node:crypto is installed after the import
  const r = webhooksEntryChecks(wh, api, vectors, 'node-esm');
  console.log(r.report('node-esm webhooks'));
  assert.equal(r.failed, 0, r.failures.join('\n'));
  assert.deepEqual(await webhooksHandlerChecks(wh), []);
});
