// Where the time of one verify goes, for builds of the package side by side (BENCHMARKS.md,
// "Comparing builds"): `node parts.mjs 2048 @kinetic/flow kfc-b`. Alternating batches;
// prints the median and the fastest round of each, with the ratio to stripe. Not a test.
import { createHmac, createSecretKey } from 'node:crypto';
import Stripe from 'stripe';
const size = Number(process.argv[2] ?? 2048);
const names = process.argv.slice(3);
const apis = await Promise.all(names.map((n) => import(n)));
const api = apis[0];
await new Promise((r) => setTimeout(r, 20));
const name = names.join(' ');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const head = '{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed","api_version":"2026-04-01","created_at":"2026-04-15T09:14:02Z","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,"currency":"usd","rail":"fednow","destination":{"routing_number":"021000021","account_number":"****7890"},"settled_at":"2026-04-15T09:14:02Z","created_at":"2026-04-15T09:14:01Z","metadata":{"order":"ord_9f8e7d","note":"';
const tail = '"}}}}';
let filler = '';
while (filler.length < size) filler += 'invoice line item shipped to customer ';
const text = head + filler.slice(0, Math.max(0, size - head.length - tail.length)) + tail;
const buf = Buffer.from(text);
const now = Math.floor(Date.now() / 1000);
const header = api.webhooks.sign(text, SECRET, { timestamp: now });
const key = createSecretKey(Buffer.from(SECRET));
const stripe = new Stripe('sk_test_x');
const dec = new TextDecoder();
const t = Buffer.from(String(now)), dot = Buffer.from('.');
const C = {};
names.forEach((n, i) => {
  C[`${n} verify`] = () => apis[i].webhooks.verify(buf, header, SECRET);
  C[`${n} verifySignature`] = () => apis[i].webhooks.verifySignature(buf, header, SECRET);
  C[`${n} failing`] = () => { try { apis[i].webhooks.verify(buf, header.replace(/v1=./, 'v1=0'), SECRET); } catch (e) { return e; } };
});
Object.assign(C, {
  'JSON.parse(decode)': () => JSON.parse(dec.decode(buf)),
  'hmac keyobj 3 upd': () => createHmac('sha256', key).update(t).update(dot).update(buf).digest(),
  'hmac keyobj 2 upd': () => createHmac('sha256', key).update(t).update(buf).digest(),
  'hmac str 3 upd': () => createHmac('sha256', SECRET).update(t).update(dot).update(buf).digest(),
  'stripe constructEvent': () => stripe.webhooks.constructEvent(buf, header, SECRET),
  'stripe failing': () => { try { stripe.webhooks.constructEvent(buf, header.replace(/v1=./, 'v1=0'), SECRET); } catch (e) { return e; } },
});
const keys = Object.keys(C);
const S = Object.fromEntries(keys.map((k) => [k, []]));
for (const k of keys) for (let i = 0; i < 3000; i++) C[k]();
const R = Number(process.env.R ?? 25);
for (let r = 0; r < R; r++) for (let j = 0; j < keys.length; j++) {
  const k = keys[(j + r) % keys.length];
  const n = 200; const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) C[k]();
  S[k].push(Number(process.hrtime.bigint() - t0) / n / 1000);
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ref = S['stripe constructEvent'];
console.log(`${name} ${size} B, backend ${JSON.stringify(api.__macBackend?.())}`);
const min = (a) => Math.min(...a);
console.log('  (median µs, same-round ratio to stripe; min µs, min/min ratio)');
for (const k of keys) console.log(`  ${k.padEnd(32)} ${med(S[k]).toFixed(2).padStart(7)} µs  ${med(S[k].map((x, i) => ref[i] / x)).toFixed(2)}x   min ${min(S[k]).toFixed(2).padStart(7)} µs ${(min(ref) / min(S[k])).toFixed(2)}x`);
