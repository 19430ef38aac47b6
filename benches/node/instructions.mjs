// Instruction counts of one verify, for builds side by side where timings are too noisy (a shared
// machine): run it under callgrind twice, with N and 3N calls, and divide the difference by 2N
// (BENCHMARKS.md, issue 14). Warm-up calls first, so the JIT tiers are the steady state's.
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node instructions.mjs PKG N [verify|sig]
// Note: under valgrind node:crypto's SHA-256 is the software one (no SHA-NI), the same for every
// build, so differences are ours. Not a test.
const [pkg, n] = [process.argv[2], Number(process.argv[3] ?? 2000)];
const api = await import(pkg);
await new Promise((r) => setTimeout(r, 20)); // node:crypto installed
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const head = '{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed","api_version":"2026-04-01","created_at":"2026-04-15T09:14:02Z","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,"currency":"usd","rail":"fednow","destination":{"routing_number":"021000021","account_number":"****7890"},"settled_at":"2026-04-15T09:14:02Z","created_at":"2026-04-15T09:14:01Z","metadata":{"order":"ord_9f8e7d","note":"';
const tail = '"}}}}';
let filler = '';
while (filler.length < 2048) filler += 'invoice line item shipped to customer ';
const text = head + filler.slice(0, 2048 - head.length - tail.length) + tail;
const buf = Buffer.from(text);
const now = Math.floor(Date.now() / 1000);
const w = api.webhooks;
const header = w.sign(text, SECRET, { timestamp: now });
const f = process.argv[4] === 'sig' ? () => w.verifySignature(buf, header, SECRET) : () => w.verify(buf, header, SECRET);
for (let i = 0; i < 3000; i++) f();
for (let i = 0; i < n; i++) f();
console.log(pkg, process.argv[4] ?? 'verify', n, 'calls', JSON.stringify(api.__macBackend()));
