// The client half of the chaos test (run by chaos-run.mjs in Node, and in Deno): `calls` logical
// payments sent through the packed package's `flow.payments.create` to kinetic sandbox while
// its fault rules break about a third of the attempts; then every rejected call is retried
// later, fault-free, with the idempotency key its error carries. Runtime-neutral: fetch, timers
// and the package only. Returns one record per call and client-side counts; chaos-run.mjs holds
// them against the server's records.

const ROUTING = ['021000021', '011000015', '026009593', '121000358'];

/** The params of logical payment `i`: a distinct body per call (amount, metadata). */
export function paramsFor(run, i) {
  return {
    amount: 1000 + i,
    currency: 'usd',
    rail: 'auto',
    destination: { routing_number: ROUTING[i % ROUTING.length], account_number: String(100000000 + i * 7919) },
    metadata: { call_id: `${run}-${i}` },
  };
}

export async function chaosClient(api, { baseUrl, apiKey, calls, concurrency, run, timeout, fetch: baseFetch = globalThis.fetch }) {
  const counts = { attempts: 0, refused: 0, networkErrors: 0, unhandled: 0 };
  const onUnhandled = (e) => {
    counts.unhandled += 1;
    if (e && typeof e.preventDefault === 'function') e.preventDefault();
  };
  const isNode = typeof process !== 'undefined' && typeof process.on === 'function' && typeof Deno === 'undefined';
  if (isNode) process.on('unhandledRejection', onUnhandled);
  else globalThis.addEventListener('unhandledrejection', onUnhandled);

  // Observes attempts only: every request still goes over real HTTP through the runtime's fetch.
  const fetch = async (url, init) => {
    counts.attempts += 1;
    try {
      return await baseFetch(url, init);
    } catch (e) {
      const text = `${e && e.message} ${e && e.cause && (e.cause.code || e.cause.message)}`;
      if (/ECONNREFUSED|refused/i.test(text)) counts.refused += 1;
      else if (!(e && e.name === 'AbortError') && !(init.signal && init.signal.aborted)) counts.networkErrors += 1;
      throw e;
    }
  };
  const flow = new api.Kinetic({ apiKey, baseUrl, fetch, timeout });
  const records = [];
  const one = async (i) => {
    const params = paramsFor(run, i);
    // Two calls in three give their own key (as the docs' quickstart does); the rest let the
    // package generate one, which the error then carries.
    const given = i % 3 !== 2 ? `${run}-key-${i}` : undefined;
    const rec = { i, callId: params.metadata.call_id, given };
    try {
      const payment = await flow.payments.create(given === undefined ? params : { ...params, idempotencyKey: given });
      rec.ok = true;
      rec.paymentId = payment.id;
      rec.key = payment.lastResponse.idempotencyKey;
      rec.attempts = payment.lastResponse.attempts;
    } catch (e) {
      rec.ok = false;
      rec.error = {
        flowError: e instanceof api.FlowError,
        name: e && e.name,
        code: e && e.code,
        attempts: e && e.attempts,
        idempotencyKey: e && e.idempotencyKey,
        hasCause: e instanceof api.ConnectionError ? e.cause !== undefined : null,
      };
      rec.key = e && e.idempotencyKey;
    }
    records.push(rec);
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) await one(next++);
    }),
  );

  // Later, fault-free: each rejected call again, with the key its error carries.
  await (await baseFetch(`${baseUrl}/_sandbox/faults`, { method: 'DELETE' })).arrayBuffer();
  for (const rec of records.filter((r) => !r.ok)) {
    try {
      const payment = await flow.payments.create(paramsFor(run, rec.i), { idempotencyKey: rec.error.idempotencyKey });
      rec.retriedPaymentId = payment.id;
      rec.retriedReplayed = payment.lastResponse.statusCode;
    } catch (e) {
      rec.retryError = `${e && e.name} ${e && e.code}: ${e && e.message}`;
    }
  }
  // Let any stray rejection surface before counting.
  await new Promise((r) => setTimeout(r, 50));
  if (isNode) process.off('unhandledRejection', onUnhandled);
  else globalThis.removeEventListener('unhandledrejection', onUnhandled);
  records.sort((a, b) => a.i - b.i);
  return { records, counts };
}
