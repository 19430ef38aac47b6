// Type-checked by tsc (module nodenext): the API docs' quickstart as written (steps 2 and 3, a
// real account number), and the sending types.
import Kinetic, { ApiError, ConnectionError, type Payment } from '@kinetic/flow';

declare const process: { env: Record<string, string | undefined> };
declare const console: { log(...args: unknown[]): void };

const flow = new Kinetic({
  apiKey: process.env.KINETIC_API_KEY,
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

const p: Payment = payment;
const attempts: number = payment.lastResponse.attempts;
const requestId: string | null = payment.lastResponse.requestId;
const controller = { aborted: false, addEventListener() {}, removeEventListener() {} };
const refund = await flow.refunds.create({ payment: p.id }, { idempotencyKey: 'r1', signal: controller, timeout: 5000 });
const amount: number = refund.amount;
const event = await flow.events.retrieve('evt_1');
if (event.type === 'payment.completed') console.log(event.data?.object?.amount);
try {
  await flow.payments.retrieve('pay_1');
} catch (e) {
  if (e instanceof ConnectionError) {
    const c: 'connection_failed' | 'timeout' | 'deadline_exceeded' | 'aborted' = e.code;
    console.log(c, e.cause, e.attempts, e.idempotencyKey);
  } else if (e instanceof ApiError) {
    console.log(e.status, e.attempts, e.idempotencyKey, e.requestId);
  }
}
const custom = new Kinetic({
  apiKey: 'sk_test_x',
  maxNetworkRetries: 0,
  timeout: 1000,
  fetch: async (url, init) => ({ status: 200, headers: { forEach() {}, get: () => null }, arrayBuffer: async () => new ArrayBuffer(0) }),
});
console.log(attempts, requestId, amount, custom.mode);
// @ts-expect-error: maxNetworkRetries is a number
new Kinetic({ apiKey: 'sk_test_x', maxNetworkRetries: 'two' });
