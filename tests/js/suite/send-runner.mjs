// The sending driver's shared vectors (tests/vectors/calls.json) run through the package's
// `flow.payments.create/retrieve` with an injected `fetch` that plays each case's outcomes in
// order: a Response (status, body, headers), a thrown network error, a fetch that never answers
// (the per-attempt timeout ends it), or the caller's signal aborted mid-attempt. Checks the end
// (resource or error code), the attempts on it, how many requests were sent, and that every
// attempt sent the same method, URL, headers and body bytes. The delays are the core's with the
// runtime's Math.random(), so they are not compared here (tests/calls.rs checks them exactly).

export async function runCallVectors(api, vectors) {
  const v = vectors['calls.json'];
  const failures = [];
  let passed = 0;
  const check = (ok, what) => (ok ? (passed += 1) : failures.push(what));
  await Promise.all(
    v.cases.map(async (c) => {
      const controller = new AbortController();
      const sent = [];
      let next = 0;
      const fetch = async (url, init) => {
        sent.push(JSON.stringify([url, init.method, init.headers, init.body]));
        const o = c.outcomes[next++];
        if (o === undefined) throw new Error('no outcome left');
        if (o.status !== undefined) return new Response(o.body, { status: o.status, headers: o.headers });
        if (o.network) throw new TypeError('fetch failed (vector: connection reset)');
        if (o.aborted) queueMicrotask(() => controller.abort(new Error('caller gave up')));
        return new Promise(() => {}); // timeout, or aborted: never answers by itself
      };
      const flow = new api.Kinetic({ apiKey: v.api_key, fetch, timeout: 50, maxNetworkRetries: c.max_network_retries });
      const e = c.expect;
      const opts = { signal: controller.signal };
      try {
        const r =
          c.build === 'create_payment'
            ? await flow.payments.create(c.params, { ...opts, idempotencyKey: c.idempotency_key })
            : await flow.payments.retrieve(c.id, opts);
        check(e.result === 'done', `${c.name}: resolved, expected ${e.code}`);
        check(r.id === e.id && r.lastResponse.statusCode === e.status, `${c.name}: resource ${r.id} ${r.lastResponse.statusCode}`);
        check(r.lastResponse.attempts === e.attempts, `${c.name}: attempts ${r.lastResponse.attempts}, expected ${e.attempts}`);
        check(r.lastResponse.requestId === e.request_id, `${c.name}: requestId ${r.lastResponse.requestId}`);
        check(r.lastResponse.idempotencyKey === e.idempotency_key, `${c.name}: key ${r.lastResponse.idempotencyKey}`);
        check(!Object.keys(r).includes('lastResponse'), `${c.name}: lastResponse is enumerable`);
      } catch (err) {
        check(e.result === 'fail', `${c.name}: rejected ${err && err.code}: ${err && err.message}`);
        check(err instanceof api.FlowError && err.code === e.code, `${c.name}: code ${err && err.code}, expected ${e.code}`);
        check(err.attempts === e.attempts, `${c.name}: attempts ${err.attempts}, expected ${e.attempts}`);
        check(err.idempotencyKey === e.idempotency_key, `${c.name}: key ${err.idempotencyKey}`);
        const connection = ['connection_failed', 'timeout', 'aborted'].includes(e.code);
        check(connection ? err instanceof api.ConnectionError && err.cause !== undefined : err instanceof api.ApiError, `${c.name}: class ${err && err.name}`);
      }
      check(sent.length === e.attempts, `${c.name}: ${sent.length} requests sent, expected ${e.attempts}`);
      check(sent.every((s) => s === sent[0]), `${c.name}: the request changed between attempts`);
    }),
  );
  return { passed, failed: failures.length, failures, report: (name) => `${name} call vectors: ${passed} passed, ${failures.length} failed` };
}
