// workerd: bundles worker.mjs as wrangler would (conditions workerd, worker, browser; the .wasm
// kept as a module), writes a capnp config, runs `workerd serve` on 127.0.0.1, and sends it a
// bounded number of requests: the shared vectors (run in the worker), the robustness check, and
// each webhook vector as a real HTTP delivery.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import vectors from './vectors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'workerd-out');
const workerd = join(here, '..', 'node_modules', '.bin', 'workerd');

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'worker.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  loader: { '.wasm': 'copy' },
  assetNames: '[name]',
  outdir: out,
  logLevel: 'warning',
});

const port = await freePort();
const compatPort = await freePort();
writeFileSync(join(out, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker), (name = "compat", worker = .compat) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main"),
              (name = "compat", address = "127.0.0.1:${compatPort}", http = (), service = "compat") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "kinetic_flow_core_bg.wasm", wasm = embed "kinetic_flow_core_bg.wasm"),
    (name = "kinetic_flow_webhooks_bg.wasm", wasm = embed "kinetic_flow_webhooks_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
# The same Worker with nodejs_compat: process.getBuiltinModule('node:crypto') is there.
const compat :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "kinetic_flow_core_bg.wasm", wasm = embed "kinetic_flow_core_bg.wasm"),
    (name = "kinetic_flow_webhooks_bg.wasm", wasm = embed "kinetic_flow_webhooks_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
);
`);

const proc = spawn(workerd, ['serve', join(out, 'config.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] });
const killer = setTimeout(() => {
  console.error('workerd: timed out');
  proc.kill('SIGKILL');
  process.exit(1);
}, 120_000);
const base = `http://127.0.0.1:${port}`;

let failed = 0;
try {
  // Wait until it listens (bounded: 100 tries, 100 ms apart).
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/ready`);
      break;
    } catch (e) {
      if (i >= 100 || proc.exitCode !== null) throw new Error(`workerd did not start: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const v = await (await fetch(`${base}/vectors`)).json();
  console.log(v.report);
  if (v.entry !== 'workerd') {
    console.log(`workerd: loaded entry ${v.entry}, expected workerd`);
    failed += 1;
  }
  failed += v.failed;
  for (const f of v.mac) console.log(`  FAIL ${f}`);
  console.log(`workerd mac: ${v.mac.length === 0 ? 'wasm for verify, SubtleCrypto for verifyAsync (no nodejs_compat), as expected' : 'wrong backend'}`);
  failed += v.mac.length;
  const compatMac = await (await fetch(`http://127.0.0.1:${compatPort}/mac?runtime=workerd-nodejs-compat`)).json();
  for (const f of compatMac) console.log(`  FAIL nodejs_compat: ${f}`);
  console.log(`workerd nodejs_compat mac: ${compatMac.length === 0 ? 'node:crypto, as expected' : 'wrong backend'}`);
  failed += compatMac.length;

  const calls = await (await fetch(`${base}/calls`)).json();
  for (const f of calls.failures) console.log(`  FAIL call vector: ${f}`);
  console.log(calls.report);
  failed += calls.failures.length;

  const w = await (await fetch(`${base}/webhooks-entry`)).json();
  console.log(w.report);
  failed += w.failures.length;

  const r = await (await fetch(`${base}/robustness`)).json();
  for (const f of r.failures) console.log(`  FAIL robustness: ${f}`);
  console.log(`workerd robustness: ${r.passed} passed, ${r.failures.length} failed`);
  failed += r.failures.length;

  // Each webhook vector with a text payload, delivered over HTTP (62 requests at most per
  // entry), to the root entry and to @kinetic/flow/webhooks.
  for (const [name, query] of [['workerd http', ''], ['workerd webhooks http', '?entry=webhooks']]) {
    let passed = 0;
    const misses = [];
    for (const [i, c] of vectors['webhooks.json'].cases.entries()) {
      if (c.payload === undefined) continue;
      const headers = { 'content-type': 'application/json', 'x-test-case': String(i) };
      if (c.header !== null) headers['kinetic-signature'] = c.header;
      const res = await (await fetch(`${base}/webhook${query}`, { method: 'POST', body: c.payload, headers })).json();
      const ok = c.expect.ok ? res.ok && res.id === c.expect.event_id : !res.ok && res.flow && res.code === c.expect.code;
      if (ok) passed += 1;
      else misses.push(`${c.name}: ${JSON.stringify(res)}`);
    }
    for (const m of misses) console.log(`  FAIL ${name} delivery: ${m}`);
    console.log(`${name}: ${passed} passed, ${misses.length} failed`);
    failed += misses.length;
  }
} finally {
  clearTimeout(killer);
  proc.kill('SIGTERM');
}
process.exit(failed === 0 ? 0 : 1);
