// The sandbox is the package's third wasm module, and only `@kinetic/flow/sandbox` loads it: the
// root and ./webhooks entries (every export condition) never reach it, by their import graphs,
// and a process that uses both entries reads no sandbox file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const pkgDir = dirname(createRequire(import.meta.url).resolve('@kinetic/flow/package.json'));
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

function targets(node, out = new Set()) {
  if (typeof node === 'string') out.add(node);
  else if (node && typeof node === 'object') for (const v of Object.values(node)) targets(v, out);
  return out;
}

/** Every package file reachable from `file` by relative import, require or new URL(). */
function graph(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file) || statSync(file).isDirectory()) return seen;
  seen.add(file);
  if (!/\.(m?js|cjs)$/.test(file)) return seen;
  const text = readFileSync(file, 'utf8');
  const re = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+|new URL\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const m of text.matchAll(re)) graph(resolve(dirname(file), m[1]), seen);
  return seen;
}

for (const entry of ['.', './webhooks']) {
  test(`${entry}: no file of its import graph is the sandbox's`, () => {
    const files = new Set();
    for (const t of targets(pkg.exports[entry])) graph(resolve(pkgDir, t), files);
    assert.ok(files.size > 3, `walked ${files.size} files`);
    const reached = [...files].filter((f) => /sandbox/.test(f.slice(pkgDir.length)));
    assert.deepEqual(reached, []);
  });
}

test('./sandbox (import and require) reaches the sandbox module, and only it', () => {
  for (const t of targets(pkg.exports['./sandbox'])) {
    if (t.endsWith('.d.ts') || t.endsWith('.d.cts')) continue;
    const files = graph(resolve(pkgDir, t));
    const wasm = [...files].filter((f) => f.endsWith('.wasm')).map((f) => f.slice(pkgDir.length + 1));
    assert.deepEqual(wasm, ['kinetic_flow_sandbox_bg.wasm'], t);
  }
});

test('a process using the root and ./webhooks entries reads no sandbox file', () => {
  const script = `
    import fs from 'node:fs';
    const read = [];
    const orig = fs.readFileSync;
    fs.readFileSync = function (p, ...rest) { read.push(String(p)); return orig.call(this, p, ...rest); };
    (await import('node:module')).syncBuiltinESMExports();
    const { webhooks, validatePayment } = await import('@kinetic/flow');
    const hooks = await import('@kinetic/flow/webhooks');
    webhooks.sign('{}', 'whsec_entries_test_secret');
    hooks.webhooks.sign('{}', 'whsec_entries_test_secret');
    validatePayment({ amount: 1 });
    console.log(JSON.stringify(read));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const read = JSON.parse(r.stdout.trim().split('\n').pop());
  assert.ok(read.some((p) => p.includes('kinetic_flow')), `the root module was read: ${read}`);
  assert.deepEqual(read.filter((p) => p.includes('kinetic_flow_sandbox') || p.includes('/sandbox/')), []);
});

test("require('@kinetic/flow/sandbox'): the CommonJS copy serves, its errors are the root's classes", async () => {
  const require = createRequire(import.meta.url);
  const { createSandbox } = require('@kinetic/flow/sandbox');
  const { FlowError } = require('@kinetic/flow');
  const sandbox = await createSandbox();
  try {
    const res = await fetch(`${sandbox.url}/v1/payments/pay_x`, { headers: { Authorization: `Bearer ${sandbox.apiKey}` } });
    assert.equal(res.status, 404);
  } finally {
    await sandbox.close();
  }
  await assert.rejects(createSandbox({ forwardTo: 'ftp://x' }), (e) => e instanceof FlowError && e.code === 'invalid_forward_to');
});

test('createSandbox: bad options are ConfigurationErrors naming the fix; a taken port too', async () => {
  const { createSandbox } = await import('@kinetic/flow/sandbox');
  const { ConfigurationError } = await import('@kinetic/flow');
  const cases = [
    [{ forwardTo: 'ftp://x' }, 'invalid_forward_to'],
    [{ forwardTo: 'http://127.0.0.1:9/h', secret: 'nope' }, 'invalid_secret'],
    [{ secret: 'whsec_no_endpoint' }, 'invalid_secret'],
    [{ speed: 0 }, 'invalid_speed'],
    [{ port: -1 }, 'invalid_port'],
    [{ faults: 'drop' }, 'invalid_faults'],
  ];
  for (const [options, code] of cases) {
    await assert.rejects(createSandbox(options), (e) => e instanceof ConfigurationError && e.code === code, code);
  }
  await assert.rejects(createSandbox({ faults: [{ route: 'POST /v1/nothing', kind: 'timeout' }] }), (e) => e.code === 'invalid_route');
  const first = await createSandbox();
  try {
    const port = Number(new URL(first.url).port);
    await assert.rejects(createSandbox({ port }), (e) => e instanceof ConfigurationError && e.code === 'port_unavailable' && /another port/.test(e.message));
  } finally {
    await first.close();
  }
});
