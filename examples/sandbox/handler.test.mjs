// "Test your webhook route": a user's own handler tested with node:test, two ways.
// 1. webhooks.testDelivery: a realistic signed delivery of any event type, handed straight to the
//    handler (no server, no network).
// 2. createSandbox: the sandbox makes a real payment and POSTs its signed webhooks to the route,
//    retrying while the route fails, as the real API would.
// Run: node --test handler.test.mjs   (also: deno test -A, bun test)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Kinetic, webhooks } from '@kinetic/flow';
import { createSandbox } from '@kinetic/flow/sandbox';

// The app's handler: verify, then act once per event id (deliveries may repeat).
function makeHandler(secret) {
  const seen = new Set();
  const paid = [];
  return {
    paid,
    handle(body, headers) {
      let event;
      try {
        event = webhooks.verify(body, headers['kinetic-signature'], secret);
      } catch (e) {
        return { status: 400, body: e.code };
      }
      if (!seen.has(event.id)) {
        seen.add(event.id);
        if (event.type === 'payment.completed') paid.push(event.data.object.id);
      }
      return { status: 200, body: 'ok' };
    },
  };
}

test('the handler accepts a signed payment.completed and refuses a tampered one', () => {
  const secret = 'whsec_handler_test';
  const app = makeHandler(secret);
  const { body, headers, event } = webhooks.testDelivery('payment.completed', { secret });
  assert.equal(app.handle(body, headers).status, 200);
  assert.equal(app.handle(body, headers).status, 200, 'a repeated delivery is fine');
  assert.deepEqual(app.paid, [event.data.object.id], 'and acted on once');
  assert.equal(app.handle(body.replace('payment.completed', 'payment.failed'), headers).status, 400);
});

test('the route receives the sandbox payment, even after failing twice', async () => {
  let app;
  let failures = 2;
  const route = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (failures > 0) { failures--; res.writeHead(503).end(); return; }
      const out = app.handle(Buffer.concat(chunks), req.headers);
      res.writeHead(out.status).end(out.body);
    });
  });
  await new Promise((resolve) => route.listen(0, '127.0.0.1', resolve));
  const sandbox = await createSandbox({ forwardTo: `http://127.0.0.1:${route.address().port}/webhooks` });
  try {
    app = makeHandler(sandbox.secret);
    const flow = new Kinetic({ apiKey: sandbox.apiKey, baseUrl: sandbox.url });
    const request = flow.payments.buildCreate({
      amount: 25000, currency: 'usd',
      destination: { routing_number: '021000021', account_number: '000123456789' },
    }, { idempotencyKey: 'order_1001' });
    const res = await fetch(request.url, request);
    const payment = flow.parseResponse(res.status, await res.text(), res.headers);

    const first = await sandbox.deliveries(); // resolves once the attempts due now are made
    assert.ok(first.every((d) => d.status === 'pending' && d.log[0].status === 503));
    await sandbox.advance(5); // the first retry is 5 s after a failed attempt
    const deliveries = await sandbox.deliveries();
    assert.ok(deliveries.every((d) => d.status === 'delivered'));
    assert.deepEqual(app.paid, [payment.id]);
  } finally {
    await sandbox.close();
    route.closeAllConnections?.();
    route.close();
  }
});
