// Edge benchmark inside workerd (Cloudflare's runtime, where node:crypto is not there by
// default): our verify (root entry and `@kinetic/flow-core/webhooks`, both hashing in wasm) side
// by side with stripe's constructEventAsync on SubtleCrypto, and the floor (SubtleCrypto HMAC
// plus JSON.parse), at 256 B, 2 KiB and 16 KiB. A benchmark, never a test.
//   node workerd.mjs [out.json]       (bash scripts/bench-node.sh workerd runs it)
// The Worker (workerd-worker.mjs) is bundled as wrangler would (esbuild, conditions workerd,
// worker, browser) and served by `workerd serve` on 127.0.0.1. A Worker's clock does not move
// during a request, so each sample is timed from here: one request runs a contender n times
// (n sized to ~BENCH_BATCH_MS), minus the same round's empty request, over n. Contenders rotate
// within a round; ratios are medians of same-round ratios. Env: BENCH_ROUNDS (default 11),
// BENCH_BATCH_MS (default 25).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tools = join(here, '..', '..', 'tests', 'js', 'node_modules');
const { build } = await import(join(tools, 'esbuild', 'lib', 'main.js'));
const workerd = join(tools, '.bin', 'workerd');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const BATCH_MS = Number(process.env.BENCH_BATCH_MS ?? 25);
const SIZES = [256, 2048, 16384];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const out = mkdtempSync(join(tmpdir(), 'kfc-workerd-bench-'));
await build({
  entryPoints: [join(here, 'workerd-worker.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  loader: { '.wasm': 'copy' },
  assetNames: '[name]',
  outdir: out,
  logLevel: 'error',
});
const port = await new Promise((resolve, reject) => {
  const srv = createServer();
  srv.on('error', reject);
  srv.listen(0, '127.0.0.1', () => {
    const { port: p } = srv.address();
    srv.close(() => resolve(p));
  });
});
writeFileSync(join(out, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "workerd-worker.js"),
    (name = "kinetic_flow_core_bg.wasm", wasm = embed "kinetic_flow_core_bg.wasm"),
    (name = "kinetic_flow_webhooks_bg.wasm", wasm = embed "kinetic_flow_webhooks_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
  compatibilityFlags = ["nodejs_compat"],
);
`);
const proc = spawn(workerd, ['serve', join(out, 'config.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
const get = async (path) => {
  const res = await fetch(`${base}${path}`);
  const body = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${body}`);
  return body;
};
const timed = async (size, name, n) => {
  const t0 = performance.now();
  await get(`/run?size=${size}&name=${encodeURIComponent(name)}&n=${n}`);
  return performance.now() - t0;
};

const results = { hmac: {}, sizes: {} };
try {
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/ready`);
      break;
    } catch (e) {
      if (i >= 100 || proc.exitCode !== null) throw new Error(`workerd did not start: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  console.log(`\n== workerd (workerd serve, compatibility date 2025-01-01; rounds ${ROUNDS}, requests of ~${BATCH_MS} ms, timed from outside)`);
  for (const size of SIZES) {
    const names = JSON.parse(await get(`/names?size=${size}`));
    const n = {};
    for (const name of names) {
      let k = 8;
      await timed(size, name, k);
      while ((await timed(size, name, k)) < BATCH_MS && k < 1 << 20) k *= 2;
      n[name] = k;
    }
    const samples = Object.fromEntries(names.map((x) => [x, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const empty = median([await timed(size, '', 0), await timed(size, '', 0), await timed(size, '', 0)]);
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + round) % names.length];
        const ms = await timed(size, name, n[name]);
        samples[name].push(Math.max(ms - empty, 0) * 1e6 / n[name]);
      }
    }
    console.log(`\n-- ${size} B body (ns per call: median, spread)`);
    for (const name of names) {
      const xs = samples[name];
      const med = median(xs);
      console.log(`  ${name.padEnd(46)} ${(med / 1000).toFixed(2).padStart(8)} µs  (spread ${(((Math.max(...xs) - Math.min(...xs)) / med) * 100).toFixed(0)}%)`);
    }
    const ratio = (a, b) => median(samples[a].map((x, i) => samples[b][i] / x));
    const pairs = [
      ['ours verify (root) / stripe constructEventAsync', 'ours verify (root entry, text)', 'stripe constructEventAsync (SubtleCrypto)'],
      ['ours verify (/webhooks) / stripe constructEventAsync', 'ours verify (/webhooks, text)', 'stripe constructEventAsync (SubtleCrypto)'],
      ['ours verify (/webhooks) / floor (SubtleCrypto HMAC + JSON.parse)', 'ours verify (/webhooks, text)', 'floor: SubtleCrypto HMAC verify + JSON.parse'],
      ['ours verifySignature (/webhooks) / floor', 'ours verifySignature (/webhooks, no parse)', 'floor: SubtleCrypto HMAC verify + JSON.parse'],
    ];
    console.log('  speed ratios (> 1: ours faster), median of same-round ratios:');
    results.sizes[size] = {};
    for (const [label, a, b] of pairs) {
      const r = ratio(a, b);
      results.sizes[size][label] = r;
      console.log(`    ${label.padEnd(66)} ${r.toFixed(2).padStart(6)}x`);
    }
    results.sizes[size].median_ns = Object.fromEntries(names.map((x) => [x, median(samples[x])]));
  }
} finally {
  proc.kill('SIGTERM');
  rmSync(out, { recursive: true, force: true });
}
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(results, null, 2));
