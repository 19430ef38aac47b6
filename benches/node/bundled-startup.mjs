// Start-up of the ways a Node function can get the wasm module once bundled (BENCHMARKS.md,
// "Bundled Node start-up"): fresh process each, interleaved, median; from before `import()` of
// the function to after the first verify of a 2 KiB event.
//   node benches/node/bundled-startup.mjs SCRATCH [runs]
// SCRATCH is a folder with the packed package installed (tests/js/matrix/scratch after
// `bash scripts/test-matrix.sh`); esbuild comes from tests/js/node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, statSync, rmSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const scratch = resolve(process.argv[2] || join(here, '..', '..', 'tests', 'js', 'matrix', 'scratch'));
const runs = Number(process.argv[3] || 21);
const esbuild = join(here, '..', '..', 'tests', 'js', 'node_modules', '.bin', 'esbuild');
const work = mkdtempSync(join(tmpdir(), 'kinetic-startup-'));

const fn = `import { webhooks, entry } from '@kinetic/flow';
export function run(body, header) { return [entry, webhooks.verify(body, header, 'whsec_startup', { now: 1000 }).id]; }\n`;
writeFileSync(join(scratch, 'startup-fn.mjs'), fn);
const pad = 'x'.repeat(2048 - 120);
const body = JSON.stringify({ id: 'evt_startup', object: 'event', type: 'payment.completed', data: { object: { id: 'pay_1', note: pad } } });

function bundle(name, args) {
  const dir = join(work, name);
  execFileSync(esbuild, [join(scratch, 'startup-fn.mjs'), '--bundle', '--platform=node', '--format=esm', `--outfile=${join(dir, 'fn.mjs')}`, '--log-level=warning', ...args]);
  return join(dir, 'fn.mjs');
}
const variants = {
  'node_modules, not bundled (entries/node.mjs reads the file)': join(scratch, 'startup-fn.mjs'),
  'bundled, bytes inlined (entries/node-bundled.mjs, base64)': bundle('inline', []),
  'bundled without `module`, .wasm copied beside (entries/node.mjs finds it)': (() => {
    const f = bundle('beside', ['--conditions=production']);
    copyFileSync(join(scratch, 'node_modules', '@kinetic', 'flow', 'kinetic_flow_core_bg.wasm'), join(dirname(f), 'kinetic_flow_core_bg.wasm'));
    return f;
  })(),
};

// The header is made once, outside the measured processes.
const { webhooks } = await import(join(scratch, 'node_modules', '@kinetic', 'flow', 'entries', 'node.mjs'));
const header = webhooks.sign(body, 'whsec_startup', { timestamp: 1000 });
const probe = `const t0 = performance.now();
const m = await import(process.argv[1]);
const r = m.run(process.argv[2], process.argv[3]);
const t1 = performance.now();
if (r[1] !== 'evt_startup') throw new Error('verify failed');
console.log(JSON.stringify({ ms: t1 - t0, entry: r[0] }));`;

const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
const entries = {};
for (let i = 0; i < runs; i++) {
  for (const [name, file] of Object.entries(variants)) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, file, body, header], { cwd: dirname(file), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    const { ms, entry } = JSON.parse(r.stdout);
    samples[name].push(ms);
    entries[name] = entry;
  }
}
const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
console.log(`Node ${process.version}, ${runs} fresh processes each (interleaved), import + first verify of a 2 KiB event:`);
for (const [name, file] of Object.entries(variants)) {
  const s = samples[name];
  const size = name.startsWith('node_modules') ? '' : `, bundle ${(statSync(file).size / 1024).toFixed(1)} KiB (${(gzipSync(readFileSync(file)).length / 1024).toFixed(1)} KiB gzipped)`;
  console.log(`  ${name}: median ${median(s).toFixed(1)} ms, fastest ${Math.min(...s).toFixed(1)} ms [entry ${entries[name]}]${size}`);
}
rmSync(work, { recursive: true, force: true });
rmSync(join(scratch, 'startup-fn.mjs'), { force: true });
