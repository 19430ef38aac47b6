// Express: a Kinetic Flow webhook endpoint, and a payment request built and shown.
//   KINETIC_WEBHOOK_SECRET=whsec_... KINETIC_API_KEY=sk_test_... node server.mjs
import express from 'express';
import { webhooks, Kinetic, validatePayment } from '@kinetic/flow';

const flow = new Kinetic({ apiKey: process.env.KINETIC_API_KEY ?? 'sk_test_example0key' });
const app = express();

// The webhook route. The middleware reads the raw body itself (the signature covers the exact
// bytes): register it before any app.use(express.json()).
app.post('/webhooks/kinetic', webhooks.middleware({
  secret: process.env.KINETIC_WEBHOOK_SECRET,
  on: { 'payment.completed': (event) => console.log(`payment ${event.data?.object?.id} completed: ${event.data?.object?.amount} cents`) },
}));

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
