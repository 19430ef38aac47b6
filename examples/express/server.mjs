// Express: a Kinetic Flow webhook endpoint, and a payment request built and shown.
//   KINETIC_WEBHOOK_SECRET=whsec_... KINETIC_API_KEY=sk_test_... node server.mjs
import express from 'express';
import { webhooks, Kinetic, validatePayment, WebhookVerificationError } from '@kinetic/flow-core';

const secret = process.env.KINETIC_WEBHOOK_SECRET;
const flow = new Kinetic({ apiKey: process.env.KINETIC_API_KEY ?? 'sk_test_example0key' });
const app = express();

// The raw body (a Buffer) on this route only: the signature covers the exact bytes received.
app.post('/webhooks/kinetic', express.raw({ type: 'application/json' }), (req, res) => {
  let event;
  try {
    event = webhooks.verify(req.body, req.headers, secret);
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      console.warn(`webhook refused: ${err.code}`);
      return res.status(400).json({ error: err.code });
    }
    throw err;
  }
  switch (event.type) {
    case 'payment.completed':
      console.log(`payment ${event.data.object.id} completed: ${event.data.object.amount} cents`);
      break;
    case 'payment.failed':
      console.log(`payment ${event.data.object.id} failed: ${event.data.object.failure_code}`);
      break;
    default:
      console.log(`event ${event.type}`);
  }
  res.json({ received: event.id });
});

// Build (not send) a payment request: what `fetch(request.url, request)` would send.
app.get('/payment-request', express.json(), (req, res) => {
  const params = {
    amount: 25000,
    currency: 'usd',
    rail: 'auto',
    destination: { routing_number: '021000021', account_number: '000123456789' },
  };
  const check = validatePayment(params);
  if (!check.ok) return res.status(422).json({ errors: check.errors });
  const request = flow.payments.buildCreate(params, { idempotencyKey: 'pay_abc123' });
  // Never show the API key: mask the Authorization header.
  const headers = { ...request.headers, Authorization: 'Bearer sk_…' };
  res.json({ ...request, headers, body: JSON.parse(request.body) });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
