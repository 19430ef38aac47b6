// Steps 2 and 3 of the Kinetic Flow API docs' quickstart, as written there, with two changes:
// a real account number (the docs' '****7890' is a masked number, which the package refuses on
// purpose: a payment needs the whole account number) and `baseUrl` pointing at the local
// sandbox (kinetic sandbox). Run by quickstart-run.mjs from the packed tarball.
import Kinetic from '@kinetic/flow';

const flow = new Kinetic({
  apiKey: process.env.KINETIC_API_KEY,
  baseUrl: process.env.KINETIC_BASE_URL,
});

const payment = await flow.payments.create({
  amount: 25000,
  currency: 'usd',
  rail: 'auto',
  destination: {
    routing_number: '021000021',
    account_number: '000123457890',
  },
  idempotencyKey: 'pay_abc123',
});

console.log(payment.id);     // pay_1a2b3c4d
console.log(payment.status); // completed
console.log(payment.rail);   // fednow
