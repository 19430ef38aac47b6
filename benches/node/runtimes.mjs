// The verify benchmark of one JS runtime (Node, Bun or Deno: the same file in each), against
// SPEC 8's peers there and the runtime's floor, at 256 B, 2 KiB and 16 KiB. bench-node.sh runs
// it under Node 22, Node 24, Bun and Deno and hands the JSON files to bench.mjs's budget table.
// A benchmark, never a test.
//   <runtime> runtimes.mjs <label> <out.json>
// BENCH_FORCE_WASM=1: `globalThis.process` is removed before the first verify, so the package
// finds no synchronous native hash and the MAC is the core's wasm SHA-256 (the fallback's budget:
// at least as fast as hash-wasm, which then runs beside it).
// Contenders rotate within each round, each batch beside a batch of the floor (the anchor);
// a ratio is the quotient of the two contenders' medians of time relative to the anchor.
import * as full from '@kinetic/flow';
import * as small from '@kinetic/flow/webhooks';
import Stripe from 'stripe';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { createHMAC, createSHA256 } from 'hash-wasm';
import { SECRET, eventBody } from './edge-contenders.mjs';

const env = (k) => (globalThis.Deno ? globalThis.Deno.env.get(k) : globalThis.process.env[k]);
const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const [label = 'runtime', outFile] = args;
const ROUNDS = Number(env('BENCH_ROUNDS') ?? 15);
const BATCH_MS = Number(env('BENCH_BATCH_MS') ?? 8);
const forceWasm = env('BENCH_FORCE_WASM') === '1';
const SIZES = [256, 2048, 16384];
const FLOOR_NATIVE = 'floor: node:crypto HMAC + JSON.parse';
const FLOOR_SUBTLE = 'floor: SubtleCrypto HMAC + JSON.parse';

const nodeCrypto = globalThis.process?.getBuiltinModule?.('node:crypto');
const NodeBuffer = globalThis.Buffer;
const writeFile = async (f, text) => {
  if (globalThis.Deno) globalThis.Deno.writeTextFileSync(f, text);
  else (await import('node:fs')).writeFileSync(f, text);
};
const runtime = globalThis.Deno ? `Deno ${globalThis.Deno.version.deno}` : globalThis.Bun ? `Bun ${globalThis.Bun.version}` : `Node ${globalThis.process.version}`;
if (forceWasm) delete globalThis.process; // before the first verify: lib/mac.js finds no native hash
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
async function batch(c, n) {
  const t0 = performance.now();
  if (c.async) for (let i = 0; i < n; i++) await c.fn();
  else for (let i = 0; i < n; i++) c.fn();
  return ((performance.now() - t0) * 1e6) / n;
}
const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const decoder = new TextDecoder();

const stripe = new Stripe('sk_test_not_used_for_webhooks');
const standard = new StandardWebhook(SECRET);
const hw = await createHMAC(createSHA256(), SECRET);
const subtle = globalThis.crypto.subtle;
const subtleKey = await subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const results = { runtime, label, forceWasm, mac: null, sizes: {} };

for (const size of SIZES) {
  const text = eventBody(size);
  const u8 = new TextEncoder().encode(text);
  const buf = NodeBuffer ? NodeBuffer.from(text) : u8;
  const now = Math.floor(Date.now() / 1000);
  const header = full.webhooks.sign(text, SECRET, { timestamp: now });
  const v1 = header.slice(header.indexOf('v1=') + 3);
  const expected = NodeBuffer ? NodeBuffer.from(v1, 'hex') : null;
  const prefix = `${now}.`;
  const signed = new TextEncoder().encode(`${prefix}${text}`);
  const msgId = 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk';
  const swHeaders = { 'webhook-id': msgId, 'webhook-timestamp': String(now), 'webhook-signature': standard.sign(msgId, new Date(now * 1000), text) };
  const list = {
    'ours verify (Buffer or Uint8Array)': { fn: () => full.webhooks.verify(buf, header, SECRET) },
    'ours verify (Uint8Array)': { fn: () => full.webhooks.verify(u8, header, SECRET) },
    'ours verify (string)': { fn: () => full.webhooks.verify(text, header, SECRET) },
    'ours /webhooks verify (Buffer or Uint8Array)': { fn: () => small.verify(buf, header, SECRET) },
    'ours /webhooks verify (string)': { fn: () => small.verify(text, header, SECRET) },
    'ours /webhooks verifyAsync (Uint8Array)': { fn: () => small.verifyAsync(u8, header, SECRET), async: true },
    'stripe constructEventAsync': { fn: () => stripe.webhooks.constructEventAsync(buf, header, SECRET), async: true },
    'standardwebhooks verify': { fn: () => standard.verify(text, swHeaders) },
    [FLOOR_SUBTLE]: {
      fn: async () => {
        const mac = await subtle.sign('HMAC', subtleKey, signed);
        if (hex(mac) !== v1) throw new Error('subtle MAC differs');
        return JSON.parse(text);
      },
      async: true,
    },
    'context: JSON.parse of the body': { fn: () => JSON.parse(text) },
  };
  // stripe's synchronous constructEvent, where its build for this runtime has a synchronous
  // provider (Node; its Bun build uses SubtleCrypto, async only).
  let syncStripe = false;
  try {
    syncStripe = stripe.webhooks.constructEvent(buf, header, SECRET).id === 'evt_1a2b3c4d';
  } catch {
    syncStripe = false;
  }
  if (syncStripe) list['stripe constructEvent'] = { fn: () => stripe.webhooks.constructEvent(buf, header, SECRET) };
  if (nodeCrypto) {
    // SPEC 8's floor, on the same input as ours: the native MAC of the bytes, compared, then the
    // bytes read as text and parsed (what any verify that returns the event must do).
    list[FLOOR_NATIVE] = {
      fn: () => {
        const d = nodeCrypto.createHmac('sha256', SECRET).update(prefix).update(buf).digest();
        if (!nodeCrypto.timingSafeEqual(d, expected)) throw new Error('floor HMAC differs');
        return JSON.parse(NodeBuffer ? buf.toString() : decoder.decode(buf));
      },
    };
  }
  if (forceWasm) {
    list['ours /webhooks verifySignature (wasm HMAC)'] = { fn: () => small.verifySignature(u8, header, SECRET), check: (r) => r.secretIndex === 0 };
    list['ours verifySignature (root, wasm HMAC)'] = { fn: () => full.webhooks.verifySignature(u8, header, SECRET), check: (r) => r.secretIndex === 0 };
    list['hash-wasm HMAC-SHA256 alone'] = {
      fn: () => {
        hw.init();
        hw.update(prefix);
        hw.update(u8);
        return hw.digest('hex');
      },
      check: (r) => r === v1,
    };
  }
  const names = Object.keys(list);
  for (const name of names) {
    const c = list[name];
    const r = c.async ? await c.fn() : c.fn();
    const ok = c.check ? c.check(r) : r === undefined || r.id === 'evt_1a2b3c4d';
    if (!ok) throw new Error(`${name}: wrong result ${String(JSON.stringify(r)).slice(0, 80)}`);
    let n = 16;
    while ((await batch(c, n)) * n < BATCH_MS * 1e6 && n < 1 << 22) n *= 2;
    c.n = n;
  }
  // Every batch of a contender is paired with an adjacent batch of the anchor (the floor), in
  // alternating order: each contender's time relative to the anchor is taken within a few
  // milliseconds, so load that changes across a round (this machine is shared) cancels out.
  const anchor = list[FLOOR_NATIVE] ? FLOOR_NATIVE : FLOOR_SUBTLE;
  const samples = Object.fromEntries(names.map((x) => [x, []]));
  const rel = Object.fromEntries(names.map((x) => [x, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length];
      if (name === anchor) continue;
      const first = (k + round) % 2 === 0;
      const a0 = first ? await batch(list[anchor], list[anchor].n) : 0;
      const x = await batch(list[name], list[name].n);
      const a = first ? a0 : await batch(list[anchor], list[anchor].n);
      samples[name].push(x);
      samples[anchor].push(a);
      rel[name].push(x / a);
    }
  }
  rel[anchor] = [1];
  const ns = Object.fromEntries(names.map((x) => [x, median(samples[x])]));
  /** Time of `a` over time of `b` (< 1: a is faster), each against the adjacent anchor batches. */
  const timeRatio = (a, b) => (rel[a]?.length && rel[b]?.length ? median(rel[a]) / median(rel[b]) : null);
  results.sizes[size] = { ns, timeRatio: {}, anchor };
  const pairs = [];
  for (const ours of names.filter((x) => x.startsWith('ours'))) {
    for (const other of names.filter((x) => !x.startsWith('ours') && !x.startsWith('context'))) pairs.push([ours, other]);
  }
  for (const [a, b] of pairs) results.sizes[size].timeRatio[`${a} | ${b}`] = timeRatio(a, b);
  console.log(`\n-- ${runtime}${forceWasm ? ' (no native hash: wasm SHA-256)' : ''}, ${size} B body (median µs per call)`);
  for (const name of names) console.log(`  ${name.padEnd(48)} ${(ns[name] / 1000).toFixed(2).padStart(8)} µs`);
}
results.mac = full.__macBackend();
results.macWebhooks = small.__macBackend();
console.log(`  MACs by: root ${results.mac.backend} (${results.mac.calls} host hashes, ${results.mac.subtleCalls} SubtleCrypto), /webhooks ${results.macWebhooks.backend} (${results.macWebhooks.calls}, ${results.macWebhooks.subtleCalls})`);
if (outFile) await writeFile(outFile, JSON.stringify(results, null, 2));
