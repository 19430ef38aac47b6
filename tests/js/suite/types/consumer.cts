// Type-checked by tsc (module nodenext) as a CommonJS consumer: resolves the `require` types.
import {
  webhooks, validatePayment, idempotency, decodeError, retryDelay, Kinetic, entry, init,
  FlowError, WebhookVerificationError, ValidationError, ApiError, ConfigurationError,
  type WebhookEvent, type HttpRequest, type FieldError, type Payment, type Refund, type RefundEvent,
  type WebhookEventOf, type LambdaHttpResult,
} from '@kinetic/flow';

void init();
const e: 'node-esm' | 'node-cjs' | 'node-bundled' | 'workerd' | 'edge-light' | 'deno' | 'browser' = entry;

function handle(event: WebhookEvent): number | string {
  switch (event.type) {
    case 'payment.completed':
    case 'payment.failed':
      return event.data.object.amount + (event.data.object.failure_code ?? '').length;
    case 'refund.created':
      return event.data.object.payment;
    case 'token.created':
      return event.data.object.type;
    case 'payout.completed': {
      const status: 'pending' | 'in_transit' | 'completed' | 'failed' = event.data.object.status;
      return event.data.object.amount;
    }
    default:
      return event.id;
  }
}

const body = new Uint8Array([123, 125]);
const event = webhooks.verify(body, { 'kinetic-signature': 't=1,v1=00' }, ['whsec_a', 'whsec_b'], { tolerance: 60, now: new Date() });
handle(event);
const check: { secretIndex: number; timestamp: number } = webhooks.verifySignature('{}', 't=1', 'whsec_a');
const header: string = webhooks.sign('{}', 'whsec_a', { timestamp: 1 });
// @ts-expect-error a secret is a string or a list of strings
webhooks.verify('{}', header, 42);
// @ts-expect-error options are typed
webhooks.verify('{}', header, 'whsec_a', { tolerence: 5 });
// @ts-expect-error a parsed object is not a payload
webhooks.verify({ id: 'evt_1' }, header, 'whsec_a');

const r = validatePayment({ amount: 1 }, { limits: { fednow: 100 } });
if (r.ok) {
  const rail: 'auto' | 'fednow' | 'rtp' | 'same_day_ach' | 'ach' | 'wire' = r.value.rail;
} else {
  const first: FieldError | undefined = r.errors[0];
}
// @ts-expect-error `value` only exists when ok
validatePayment({}).value;

const key: string = idempotency.generate() + idempotency.derive('invoice', 'inv_001');
const fp: string = idempotency.fingerprint({ amount: 1, currency: 'usd', destination: { token: 'tok_1' } });

const apiError = decodeError(429, '{}', [['Retry-After', '3']], { now: 0 });
if (apiError !== null) {
  const ms: number | null = retryDelay(1, apiError, { baseMs: 100, random: 0.5 });
  const after: number | null = apiError.retryAfter;
  const kind: 'rate_limited' | string = apiError.kind;
}

const flow = new Kinetic({ apiKey: 'sk_test_abc' });
const mode: 'test' | 'live' | null = flow.mode;
// Without a key (a service that only receives webhooks): allowed.
const receiving = new Kinetic();
const receivingToo = new Kinetic({ apiKey: undefined as string | undefined, deadline: 5000, timeout: 1000 });
const req: HttpRequest = flow.payments.buildCreate(
  { amount: 25000, currency: 'usd', rail: 'auto', destination: { routing_number: '021000021', account_number: '000123456789' } },
  { idempotencyKey: 'pay_abc123' },
);
const init2: { method: string; headers: Record<string, string>; body?: string } = req;
flow.refunds.buildCreate({ payment: 'pay_1' });
flow.tokens.buildCreate({ routing_number: '021000021', account_number: '000123456789' });
flow.events.buildRetrieve('evt_1');
// @ts-expect-error rail is one of the six
flow.payments.buildCreate({ amount: 1, currency: 'usd', rail: 'instant', destination: { token: 'tok_1' } });
const payment = flow.parseResponse<{ id: string }>(200, '{"id":"pay_1"}');

try {
  webhooks.verify('{}', null, 'whsec_a');
} catch (err) {
  if (err instanceof WebhookVerificationError) {
    const code: 'missing_signature_header' | 'malformed_signature_header' | 'timestamp_outside_tolerance' | 'signature_mismatch' | 'invalid_secret' | 'payload_not_raw' | 'invalid_event' | 'payload_too_large' = err.code;
  } else if (err instanceof ValidationError) {
    const list: readonly FieldError[] = err.errors;
  } else if (err instanceof ApiError) {
    const s: number = err.status;
  } else if (err instanceof ConfigurationError || err instanceof FlowError) {
    const c: string = err.code;
  }
}
export { handle, check, key, fp, mode, payment, init2, e };

// Webhook handlers: `on` is typed per event type.
const envSecret: string | undefined = undefined as string | undefined;
let completedAmount = 0;
const webHandler = webhooks.handler({
  secret: envSecret,
  on: {
    'payment.completed': (event) => {
      const type: 'payment.completed' = event.type;
      // The core guarantees id, type and an object data.object: typed by the event's type.
      const payment: Payment = event.data.object;
      completedAmount += event.data.object.amount;
      // @ts-expect-error the payment.completed handler gets a payment, not a refund
      const refund: Refund = event.data.object;
      // @ts-expect-error a payment's status is one of its documented states
      const odd: typeof payment.status = 'settled';
    },
    'refund.created': async (event) => {
      const payment: string = event.data.object.payment;
    },
    '*': (event) => {
      const id: string = event.id;
    },
  },
  seen: async (eventId) => eventId === 'evt_1',
  onError: (error, info) => {
    const status: number = info.status;
    const code: string = info.code;
  },
});
const completedEvent: WebhookEventOf<'payment.completed'> = null as unknown as WebhookEventOf<'payment.completed'>;
const completedType: 'payment.completed' = completedEvent.type;
// @ts-expect-error a handler for payment.completed cannot ask for a refund event
webhooks.handler({ secret: 'whsec_a', on: { 'payment.completed': (event: RefundEvent) => event.id } });
// @ts-expect-error event type names are checked
webhooks.handler({ secret: 'whsec_a', on: { 'payment.complete': () => {} } });
const nodeMiddleware: (req: unknown, res: unknown, next?: unknown) => Promise<void> = webhooks.middleware({ secret: 'whsec_a', on: {} });
const lambdaHandler = webhooks.lambda({ secret: 'whsec_a', tolerance: 600, on: {} });
const lambdaResult: Promise<LambdaHttpResult> = lambdaHandler({ body: 'e30=', isBase64Encoded: true, headers: { 'kinetic-signature': 't=1' } });
try {
  webhooks.verify('{}', null, 'whsec_a');
} catch (err) {
  if (err instanceof WebhookVerificationError) {
    const status: 400 | 413 | 500 = err.status;
  }
}
export { webHandler, nodeMiddleware, lambdaResult, completedType, completedAmount };

// `require('@kinetic/flow')` is the class itself, with the named exports as its properties.
import KineticCjs = require('@kinetic/flow');
const viaRequire: Kinetic = new KineticCjs({ apiKey: 'sk_test_abc' });
const hooksViaRequire: typeof webhooks = KineticCjs.webhooks;
const eventType: KineticCjs.EventType = 'payment.completed';
