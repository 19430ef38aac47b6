// The start time of createSandbox (@kinetic/flow/sandbox), measured, never asserted:
//  - cold: a fresh process imports the entry and awaits createSandbox() (the wasm compiled and
//    instantiated, the server listening), N processes;
//  - warm: createSandbox() then close() again in one process (the module already compiled).
// Run by benches/sandbox/run.sh (a scratch project with the packed package); prints medians and
// quartiles in ms.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const n = Number(process.argv[2] ?? 20);
const quantiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ms (p25 ${q(0.25).toFixed(2)}, p75 ${q(0.75).toFixed(2)}, n=${s.length})`;
};

if (process.argv[2] === '--child') {
  const t0 = performance.now();
  const { createSandbox } = await import('@kinetic/flow/sandbox');
  const t1 = performance.now();
  const sandbox = await createSandbox();
  const t2 = performance.now();
  await sandbox.close();
  console.log(JSON.stringify({ import: t1 - t0, create: t2 - t1, total: t2 - t0 }));
} else {
  const cold = { import: [], create: [], total: [] };
  for (let i = 0; i < n; i++) {
    const r = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    const m = JSON.parse(r.stdout);
    for (const k of Object.keys(cold)) cold[k].push(m[k]);
  }
  const { createSandbox } = await import('@kinetic/flow/sandbox');
  await (await createSandbox()).close();
  const warm = [];
  for (let i = 0; i < n * 5; i++) {
    const t = performance.now();
    const s = await createSandbox();
    warm.push(performance.now() - t);
    await s.close();
  }
  console.log(`node ${process.version}`);
  console.log(`cold: import('@kinetic/flow/sandbox') ${quantiles(cold.import)}`);
  console.log(`cold: first createSandbox() ${quantiles(cold.create)}`);
  console.log(`cold: import + createSandbox() ${quantiles(cold.total)}`);
  console.log(`warm: createSandbox() ${quantiles(warm)}`);
}
