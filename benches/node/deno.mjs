// SPEC 8's wasm budget, measured where both sides hash in wasm: inside Deno (V8, as Node; our
// `deno` entries keep the core's own SHA-256, since only the Node entries install node:crypto),
// our verifySignature (header parse, copy in, HMAC, constant-time compare, tolerance) against
// hash-wasm's hand-tuned HMAC-SHA256 alone, at 256 B, 2 KiB and 16 KiB. A benchmark, never a test.
//   deno run --allow-read --allow-write deno.mjs [out.json]   (bash scripts/bench-node.sh runs it)
// Contenders rotate within each round; ratios are medians of same-round ratios.
import * as full from '@kinetic/flow';
import * as small from '@kinetic/flow/webhooks';
import { createHMAC, createSHA256 } from 'hash-wasm';
import { SECRET, eventBody } from './edge-contenders.mjs';

const ROUNDS = Number(Deno.env.get('BENCH_ROUNDS') ?? 15);
const BATCH_MS = Number(Deno.env.get('BENCH_BATCH_MS') ?? 8);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const batch = (fn, n) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t0) * 1e6) / n;
};

if (full.__macBackend().backend !== 'wasm' || small.__macBackend().backend !== 'wasm') throw new Error('not the wasm SHA-256');
const hw = await createHMAC(createSHA256(), SECRET);
const results = { hmac: {}, hmacRoot: {}, ns: {} };
console.log(`\n== Deno ${Deno.version.deno}: HMAC in wasm, ours vs hash-wasm (rounds ${ROUNDS}, batches of ~${BATCH_MS} ms)`);
for (const size of [256, 2048, 16384]) {
  const text = eventBody(size);
  const bytes = new TextEncoder().encode(text);
  const now = Math.floor(Date.now() / 1000);
  const header = full.webhooks.sign(text, SECRET, { timestamp: now });
  const prefix = `${now}.`;
  const want = header.slice(header.indexOf('v1=') + 3);
  const list = {
    'ours verifySignature (/webhooks, bytes)': () => small.verifySignature(bytes, header, SECRET),
    'ours verifySignature (root, bytes)': () => full.webhooks.verifySignature(bytes, header, SECRET),
    'hash-wasm HMAC-SHA256 alone': () => {
      hw.init();
      hw.update(prefix);
      hw.update(bytes);
      return hw.digest('hex');
    },
  };
  if (list['hash-wasm HMAC-SHA256 alone']() !== want) throw new Error('hash-wasm MAC differs');
  const names = Object.keys(list);
  const n = {};
  for (const name of names) {
    let k = 16;
    while (batch(list[name], k) * k < BATCH_MS * 1e6 && k < 1 << 22) k *= 2;
    n[name] = k;
  }
  const samples = Object.fromEntries(names.map((x) => [x, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      samples[name].push(batch(list[name], n[name]));
    }
  }
  console.log(`\n-- ${size} B body`);
  for (const name of names) console.log(`  ${name.padEnd(42)} ${(median(samples[name]) / 1000).toFixed(2).padStart(8)} µs`);
  const ratio = (a, b) => median(samples[a].map((x, i) => samples[b][i] / x));
  results.hmac[size] = ratio('ours verifySignature (/webhooks, bytes)', 'hash-wasm HMAC-SHA256 alone');
  results.hmacRoot[size] = ratio('ours verifySignature (root, bytes)', 'hash-wasm HMAC-SHA256 alone');
  results.ns[size] = Object.fromEntries(names.map((x) => [x, median(samples[x])]));
  console.log(`  ours verifySignature / hash-wasm HMAC (> 1: ours faster): /webhooks ${results.hmac[size].toFixed(2)}x, root ${results.hmacRoot[size].toFixed(2)}x  (SPEC 8: >= 1)`);
}
if (Deno.args[0]) Deno.writeTextFileSync(Deno.args[0], JSON.stringify(results, null, 2));
