// A/B of builds of the package in one process: `webhooks.verify` of each build, alternating,
// beside stripe's constructEvent and our verifySignature (BENCHMARKS.md, "Comparing builds").
//   npm install --no-save kfc-a@file:/tmp/a.tgz kfc-b@file:/tmp/b.tgz     (in benches/node)
//   node ab.mjs 2048 @kinetic/flow kfc-a kfc-b
// Prints the median µs per verify and the speed relative to stripe (> 1: faster), from
// same-round ratios. A benchmark tool, not a test.
import Stripe from 'stripe';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const size = Number(process.argv[2] ?? 2048);
const names = process.argv.slice(3);
if (names.length === 0) names.push('@kinetic/flow');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

const long = '{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed","api_version":"2026-04-01","created_at":"2026-04-15T09:14:02Z","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,"currency":"usd","rail":"fednow","destination":{"routing_number":"021000021","account_number":"****7890"},"settled_at":"2026-04-15T09:14:02Z","created_at":"2026-04-15T09:14:01Z","metadata":{"order":"ord_9f8e7d","note":"';
const short = '{"id":"evt_1a2b3c4d","type":"payment.completed","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","status":"completed","amount":25000,"currency":"usd","rail":"fednow","metadata":{"note":"';
const head = size >= 512 ? long : short;
const tail = '"}}}}';
let filler = '';
while (filler.length < size) filler += 'invoice line item shipped to customer ';
const text = head + filler.slice(0, size - head.length - tail.length) + tail;
const buf = Buffer.from(text);

const builds = await Promise.all(names.map((n) => import(n)));
// The Node entry installs node:crypto's SHA-256 once it has loaded (after the import): let it.
await new Promise((r) => setTimeout(r, 20));
const header = builds[0].webhooks.sign(text, SECRET);
const stripe = new Stripe('sk_test_not_used_for_webhooks');
const contenders = {};
names.forEach((n, i) => {
  const { webhooks } = builds[i];
  if (webhooks.verify(buf, header, SECRET).id !== 'evt_1a2b3c4d') throw new Error(`${n}: wrong event`);
  contenders[`${n} verify`] = () => webhooks.verify(buf, header, SECRET);
});
contenders[`${names[0]} verifySignature`] = () => builds[0].webhooks.verifySignature(buf, header, SECRET);
contenders['stripe constructEvent'] = () => stripe.webhooks.constructEvent(buf, header, SECRET);

const keys = Object.keys(contenders);
const samples = Object.fromEntries(keys.map((k) => [k, []]));
for (const k of keys) for (let i = 0; i < 2000; i++) contenders[k]();
for (let r = 0; r < ROUNDS; r++) {
  for (let j = 0; j < keys.length; j++) {
    const k = keys[(j + r) % keys.length];
    const n = 300;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) contenders[k]();
    samples[k].push(Number(process.hrtime.bigint() - t0) / n / 1000);
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ref = samples['stripe constructEvent'];
console.log(`${size} B body, ${ROUNDS} rounds`);
for (const k of keys) {
  const vsStripe = median(samples[k].map((x, i) => ref[i] / x));
  console.log(`  ${k.padEnd(44)} ${median(samples[k]).toFixed(2).padStart(8)} µs   ${vsStripe.toFixed(2)}x stripe`);
}
