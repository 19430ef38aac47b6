// The verify benchmark inside workerd (Cloudflare's runtime), in two configurations: without
// `nodejs_compat` (no node:crypto: `verify` hashes in wasm, `verifyAsync` on SubtleCrypto) and
// with it (compatibility date 2025-09-01: process.getBuiltinModule('node:crypto'), native and
// synchronous). Ours (root entry and `@kinetic/flow/webhooks`) side by side with stripe's
// constructEventAsync, standardwebhooks and the floors, at 256 B, 2 KiB and 16 KiB. A benchmark,
// never a test.
//   node workerd.mjs [out-prefix]     (bash scripts/bench-node.sh runs it; writes
//                                      <prefix>workerd.json and <prefix>workerd-nodejs-compat.json)
// The Worker (workerd-worker.mjs) is bundled as wrangler would (esbuild, conditions workerd,
// worker, browser) and served by `workerd serve` on 127.0.0.1. A Worker's clock does not move
// during a request, so each sample is timed from here: one request runs a contender n times
// (n sized to ~BENCH_BATCH_MS), minus an adjacent empty request, over n. Contenders rotate within
// a round, each request beside one of the floor (the anchor); a ratio is the quotient of the two
// contenders' medians of time relative to the anchor. Env: BENCH_ROUNDS (default 11),
// BENCH_BATCH_MS (default 25).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
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
const freePort = () => new Promise((resolve, reject) => {
  const srv = createServer();
  srv.on('error', reject);
  srv.listen(0, '127.0.0.1', () => {
    const { port: p } = srv.address();
    srv.close(() => resolve(p));
  });
});
const CONFIGS = [
  { label: 'workerd', compat: 'compatibilityDate = "2025-01-01",', port: await freePort() },
  { label: 'workerd-nodejs-compat', compat: 'compatibilityDate = "2025-09-01",\n  compatibilityFlags = ["nodejs_compat"],', port: await freePort() },
];
const modules = `modules = [
    (name = "worker.js", esModule = embed "workerd-worker.js"),
    (name = "kinetic_flow_core_bg.wasm", wasm = embed "kinetic_flow_core_bg.wasm"),
    (name = "kinetic_flow_webhooks_bg.wasm", wasm = embed "kinetic_flow_webhooks_bg.wasm"),
  ],`;
writeFileSync(join(out, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${CONFIGS.map((c, i) => `(name = "s${i}", worker = .w${i})`).join(', ')} ],
  sockets = [ ${CONFIGS.map((c, i) => `(name = "h${i}", address = "127.0.0.1:${c.port}", http = (), service = "s${i}")`).join(', ')} ],
);
${CONFIGS.map((c, i) => `const w${i} :Workerd.Worker = (\n  ${modules}\n  ${c.compat}\n);`).join('\n')}
`);
const workerdVersion = JSON.parse(readFileSync(join(tools, 'workerd', 'package.json'), 'utf8')).version;
const proc = spawn(workerd, ['serve', join(out, 'config.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] });
let base;
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

try {
  for (const config of CONFIGS) {
    base = `http://127.0.0.1:${config.port}`;
    for (let i = 0; ; i++) {
      try {
        await fetch(`${base}/ready`);
        break;
      } catch (e) {
        if (i >= 100 || proc.exitCode !== null) throw new Error(`workerd did not start: ${e.message}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const results = { runtime: `workerd ${workerdVersion}${config.label.endsWith('compat') ? ' (nodejs_compat)' : ''}`, label: config.label, mac: null, sizes: {} };
    console.log(`\n== ${results.runtime} (rounds ${ROUNDS}, requests of ~${BATCH_MS} ms, timed from outside)`);
    for (const size of SIZES) {
      const names = JSON.parse(await get(`/names?size=${size}`));
      const n = {};
      for (const name of names) {
        let k = 8;
        await timed(size, name, k);
        while ((await timed(size, name, k)) < BATCH_MS && k < 1 << 20) k *= 2;
        n[name] = k;
      }
      // Each contender's request beside a request of the anchor (the floor), in alternating order.
      const anchor = names.includes('floor: node:crypto HMAC + JSON.parse') ? 'floor: node:crypto HMAC + JSON.parse' : 'floor: SubtleCrypto HMAC + JSON.parse';
      const samples = Object.fromEntries(names.map((x) => [x, []]));
      const rel = Object.fromEntries(names.map((x) => [x, []]));
      const per = async (name) => {
        const empty = median([await timed(size, '', 0), await timed(size, '', 0)]);
        return (Math.max((await timed(size, name, n[name])) - empty, 1e-6) * 1e6) / n[name];
      };
      for (let round = 0; round < ROUNDS; round++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(k + round) % names.length];
          if (name === anchor) continue;
          const first = (k + round) % 2 === 0;
          const a0 = first ? await per(anchor) : 0;
          const x = await per(name);
          const a = first ? a0 : await per(anchor);
          samples[name].push(x);
          samples[anchor].push(a);
          rel[name].push(x / a);
        }
      }
      rel[anchor] = [1];
      console.log(`\n-- ${results.runtime}, ${size} B body (median µs per call)`);
      for (const name of names) console.log(`  ${name.padEnd(48)} ${(median(samples[name]) / 1000).toFixed(2).padStart(8)} µs`);
      const timeRatio = (a, b) => median(rel[a]) / median(rel[b]);
      const ns = Object.fromEntries(names.map((x) => [x, median(samples[x])]));
      results.sizes[size] = { ns, timeRatio: {} };
      for (const a of names.filter((x) => x.startsWith('ours'))) {
        for (const b of names.filter((x) => !x.startsWith('ours') && !x.startsWith('context'))) results.sizes[size].timeRatio[`${a} | ${b}`] = timeRatio(a, b);
      }
    }
    results.mac = JSON.parse(await get('/mac'));
    console.log(`  MACs by: ${JSON.stringify(results.mac)}`);
    if (process.argv[2]) writeFileSync(`${process.argv[2]}${config.label}.json`, JSON.stringify(results, null, 2));
  }
} finally {
  proc.kill('SIGTERM');
  rmSync(out, { recursive: true, force: true });
}
