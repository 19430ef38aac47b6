// Robustness, shared by every runtime: every export called with wrong values of every JS type
// (undefined, null, numbers, objects, a 10 MB string, detached buffers, ...) in every argument
// position must return a value or throw a FlowError, and afterwards the module must still verify
// a good webhook. Returns { passed, failures, recoveries }.

function detachedBuffer() {
  const b = new ArrayBuffer(16);
  structuredClone(b, { transfer: [b] });
  return b;
}

function badValues() {
  const detached = detachedBuffer();
  const viewOfDetached = new Uint8Array(new ArrayBuffer(8));
  structuredClone(viewOfDetached.buffer, { transfer: [viewOfDetached.buffer] });
  const throwing = new Proxy({}, {
    get() {
      throw new Error('getter throws');
    },
  });
  const cyclic = {};
  cyclic.self = cyclic;
  return [
    ['undefined', undefined],
    ['null', null],
    ['0', 0],
    ['-1', -1],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['1.5', 1.5],
    ['2**64', 2 ** 64],
    ['true', true],
    ['bigint', 10n],
    ['symbol', Symbol('s')],
    ['function', () => 1],
    ['{}', {}],
    ['[]', []],
    ['object', { a: 1, amount: 'x' }],
    ['array of numbers', [1, 2, 3]],
    ['cyclic object', cyclic],
    ['throwing proxy', throwing],
    ['Date', new Date(0)],
    ['empty string', ''],
    ['10 MB string', 'x'.repeat(10 * 1024 * 1024)],
    ['lone surrogate', '\ud800'],
    ['detached ArrayBuffer', detached],
    ['view of a detached buffer', viewOfDetached],
  ];
}

/** Every export, with a valid call to vary one argument of at a time. */
function exportsOf(api) {
  const secret = 'whsec_robustness';
  const body = '{"id":"evt_r","object":"event","type":"payment.created","data":{"object":{}}}';
  const header = api.webhooks.sign(body, secret, { timestamp: 1000 });
  const list = [
    ['webhooks.verify', (a) => api.webhooks.verify(...a), [body, header, secret, { now: 1000 }]],
    ['webhooks.verifySignature', (a) => api.webhooks.verifySignature(...a), [body, header, secret, { now: 1000 }]],
    ['webhooks.sign', (a) => api.webhooks.sign(...a), [body, secret, { timestamp: 1000 }]],
    ['coreVersion', (a) => api.coreVersion(...a), []],
  ];
  // The webhooks-only entry (`@kinetic/flow/webhooks`) has only the exports above.
  if (api.Kinetic === undefined) return { list, body, header, secret };
  const apiError = api.decodeError(503, '', {});
  const payment = { amount: 25000, currency: 'usd', destination: { routing_number: '021000021', account_number: '000123456789' } };
  const flow = new api.Kinetic({ apiKey: 'sk_test_abc' });
  list.push(
    ['decodeError', (a) => api.decodeError(...a), [503, '{"error":{"code":"x","message":"y"}}', { 'retry-after': '1' }, { now: 0 }]],
    ['retryDelay', (a) => api.retryDelay(...a), [1, apiError, { random: 0.5 }]],
    ['validatePayment', (a) => api.validatePayment(...a), [payment, { limits: { fednow: 100 } }]],
    ['idempotency.generate', (a) => api.idempotency.generate(...a), []],
    ['idempotency.derive', (a) => api.idempotency.derive(...a), ['invoice', 'inv_1']],
    ['idempotency.fingerprint', (a) => api.idempotency.fingerprint(...a), [payment]],
    ['new Kinetic', (a) => new api.Kinetic(...a), [{ apiKey: 'sk_test_abc', baseUrl: 'https://api.kinetic.dev' }]],
    ['payments.buildCreate', (a) => flow.payments.buildCreate(...a), [payment, { idempotencyKey: 'k1' }]],
    ['payments.buildRetrieve', (a) => flow.payments.buildRetrieve(...a), ['pay_1']],
    ['refunds.buildCreate', (a) => flow.refunds.buildCreate(...a), [{ payment: 'pay_1' }, {}]],
    ['tokens.buildCreate', (a) => flow.tokens.buildCreate(...a), [{ routing_number: '021000021', account_number: '000123456789' }]],
    ['events.buildRetrieve', (a) => flow.events.buildRetrieve(...a), ['evt_1']],
    ['parseResponse', (a) => flow.parseResponse(...a), [200, '{"id":"pay_1"}', {}, { now: 0 }]],
  );
  return { list, body, header, secret };
}

export function robustness(api) {
  const failures = [];
  let passed = 0;
  const { list, body, header, secret } = exportsOf(api);
  const before = api.__recoveries();
  for (const [name, call, good] of list) {
    const positions = Math.max(good.length, 1);
    for (let i = 0; i < positions; i++) {
      for (const [label, value] of badValues()) {
        const args = good.slice();
        args[i] = value;
        try {
          call(args);
          passed += 1;
        } catch (e) {
          if (e instanceof api.FlowError && typeof e.code === 'string') passed += 1;
          else failures.push(`${name} arg ${i} = ${label}: threw ${e && e.name}: ${e && e.message}`);
        }
      }
    }
  }
  // Still usable: a good webhook verifies.
  try {
    const event = api.webhooks.verify(body, header, secret, { now: 1000 });
    if (event.id === 'evt_r') passed += 1;
    else failures.push(`after the calls, verify returned ${event.id}`);
  } catch (e) {
    failures.push(`after the calls, a good webhook failed: ${e && e.code} ${e && e.message}`);
  }
  // None of these values may need an instance restart: each is refused before or by the core.
  const recoveries = api.__recoveries() - before;
  if (recoveries !== 0) failures.push(`${recoveries} wasm instance restarts (internal_error) for plain bad values`);
  return { passed, failures, recoveries };
}
