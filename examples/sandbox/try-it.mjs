// "Try it without the API": the API docs' quickstart against the in-process sandbox. A payment
// is created with the package's request builder and fetch; its webhooks arrive at a route on
// 127.0.0.1 and are verified; an ACH payment settles when the sandbox clock moves a day.
// Run: node try-it.mjs   (also: bun try-it.mjs, deno run -A try-it.mjs)
import { createServer } from 'node:http';
import { Kinetic, webhooks } from '@kinetic/flow';
import { createSandbox } from '@kinetic/flow/sandbox';

// Your webhook route (here a bare node:http server).
const events = [];
let secret;
const route = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      const event = webhooks.verify(Buffer.concat(chunks), req.headers['kinetic-signature'], secret);
      events.push(event);
      res.writeHead(200).end();
    } catch (e) {
      res.writeHead(400).end(e.code);
    }
  });
});
await new Promise((resolve) => route.listen(0, '127.0.0.1', resolve));

const sandbox = await createSandbox({ forwardTo: `http://127.0.0.1:${route.address().port}/webhooks` });
secret = sandbox.secret;
const flow = new Kinetic({ apiKey: sandbox.apiKey, baseUrl: sandbox.url });

const request = flow.payments.buildCreate({
  amount: 25000, currency: 'usd', rail: 'auto',
  destination: { routing_number: '021000021', account_number: '000123456789' },
}, { idempotencyKey: 'pay_abc123' });
const response = await fetch(request.url, request);
const payment = flow.parseResponse(response.status, await response.text(), response.headers);
console.log(`payment ${payment.id} ${payment.status} on ${payment.rail}`);

const send = async (request) => {
  const res = await fetch(request.url, request);
  return flow.parseResponse(res.status, await res.text(), res.headers);
};
const ach = await send(flow.payments.buildCreate({
  amount: 9900, currency: 'usd', rail: 'ach',
  destination: { routing_number: '021000021', account_number: '000123456789' },
}, { idempotencyKey: 'pay_ach_1' }));
console.log(`payment ${ach.id} ${ach.status} on ${ach.rail}`);
await sandbox.advance(24 * 3600); // a day on the sandbox clock: the ACH payment settles
const settled = await send(flow.payments.buildRetrieve(ach.id));
console.log(`a day later: payment ${settled.id} ${settled.status}`);

console.log(`webhooks received and verified: ${events.map((e) => e.type).join(', ')}`);
await sandbox.close();
route.closeAllConnections?.();
route.close();
if (payment.status !== 'completed' || settled.status !== 'completed' || events.length !== 5) {
  console.error('try-it: unexpected result');
  process.exit(1);
}
