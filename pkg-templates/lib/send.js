// Sending (SPEC section 9): the I/O shell around the core's sans-I/O driver (src/call/).
//
// The core builds the request once (`callStart`) and decides, after each attempt, what happens
// next (`callRecord`): done, wait this long and send the same request again, or fail. This file
// only calls `fetch`, sets timers and aborts. It holds no rule: not which statuses are retried,
// not how long to wait, not how many attempts, not what a response means.

/**
 * The send function of one `Kinetic` client. `h` is api.js's translation kit (the glue, its
 * error mapping, params serialisation); `config` holds the client's options (the API key stays
 * in this closure, never on an enumerable property).
 */
export function createSender(h, config) {
  const { core } = h;

  /**
   * One attempt: fetch with a per-attempt timeout, the call's deadline and the caller's signal;
   * never rejects.
   */
  async function attempt(fetchImpl, start, signal, deadline) {
    const controller = new AbortController();
    let timedOut = false;
    let abortNow;
    const aborted = new Promise((_, reject) => {
      abortNow = reject;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      const e = new Error(`no response within ${start.timeoutMs} ms (the per-attempt timeout)`);
      e.name = 'TimeoutError';
      controller.abort(e);
      abortNow(e);
    }, start.timeoutMs);
    const onAbort = () => {
      controller.abort(signal.reason);
      abortNow(signal.reason);
    };
    const onDeadline = () => {
      controller.abort(deadline.reason);
      abortNow(deadline.reason);
    };
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
    deadline.addEventListener('abort', onDeadline, { once: true });
    try {
      // The response must arrive whole (status, headers and body) within the timeout. A fetch
      // that ignores the signal is raced, so a timeout or an abort always ends the attempt.
      const pending = (async () => {
        const init = { method: start.method, headers: start.headers, body: start.body, signal: controller.signal };
        const res = await fetchImpl(start.url, init);
        const body = new Uint8Array(await res.arrayBuffer());
        return { outcome: 'response', status: res.status, body, headers: h.headerList(res.headers) };
      })();
      pending.catch(() => {}); // a loser of the race must not become an unhandled rejection
      return await Promise.race([pending, aborted]);
    } catch (cause) {
      const outcome = deadline.aborted ? 'deadline' : timedOut ? 'timeout' : signal && signal.aborted ? 'aborted' : 'network';
      return { outcome, cause };
    } finally {
      clearTimeout(timer);
      if (signal) signal.removeEventListener('abort', onAbort);
      deadline.removeEventListener('abort', onDeadline);
    }
  }

  /**
   * What failed, in words, for the core's message: the innermost `cause` of what fetch threw
   * (Node's `fetch failed` wraps `getaddrinfo ENOTFOUND api.kinetic.dev`, `connect ECONNREFUSED
   * 127.0.0.1:4242`), with its code when the text lacks it.
   */
  function failureText(cause) {
    let e = cause;
    for (let i = 0; i < 4 && e instanceof Error && e.cause instanceof Error; i++) e = e.cause;
    if (!(e instanceof Error)) return e === undefined ? undefined : String(e).slice(0, 200);
    const code = typeof e.code === 'string' && !e.message.includes(e.code) ? ` (${e.code})` : '';
    return `${e.message}${code}`.slice(0, 200);
  }

  /** Waits `ms`; resolves false early if the caller aborts (or the deadline passes). */
  function sleep(ms, signal, deadline) {
    return new Promise((resolve) => {
      if ((signal && signal.aborted) || deadline.aborted) return resolve(false);
      const onAbort = () => {
        clearTimeout(timer);
        if (signal) signal.removeEventListener('abort', onAbort);
        deadline.removeEventListener('abort', onAbort);
        resolve(false);
      };
      const timer = setTimeout(() => {
        if (signal) signal.removeEventListener('abort', onAbort);
        deadline.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
      deadline.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The core's error object as a FlowError, with the underlying error as `cause`. */
  function failure(e, cause) {
    const err = h.fail(e);
    if (cause !== undefined && err instanceof h.ConnectionError) {
      Object.defineProperty(err, 'cause', { value: cause, writable: true, configurable: true, enumerable: false });
    }
    return err;
  }

  /** The resource, with `lastResponse` (not enumerable: JSON.stringify gives the API's object). */
  function resource(done) {
    const value = JSON.parse(done.resource);
    if (value !== null && typeof value === 'object') {
      const lastResponse = Object.freeze({
        statusCode: done.status,
        requestId: done.requestId,
        idempotencyKey: done.idempotencyKey,
        attempts: done.attempts,
      });
      Object.defineProperty(value, 'lastResponse', { value: lastResponse, enumerable: false, configurable: true });
    }
    return value;
  }

  /** Sends one call: `kind` as in requestBuild; `id` for retrieves, `params` for creates. */
  return async function send(kind, id, params, options) {
    const o = h.opts(options);
    const signal = o.signal === undefined || o.signal === null ? undefined : o.signal;
    let start;
    try {
      const json = params === undefined && id !== undefined ? 'null' : h.paramsJson(params);
      const fetchImpl = config.fetch === undefined ? globalThis.fetch : config.fetch;
      // `null` when the runtime has no fetch either: the core's invalid_option names the fix.
      h.call(core.callCheckOptions, fetchImpl === undefined ? null : fetchImpl, undefined, undefined, signal, h.optNum(o.deadline));
      // Validation runs here, before any I/O: bad params reject and nothing is sent.
      start = h.call(
        core.callStart,
        config.apiKey,
        config.baseUrl,
        kind,
        id,
        json,
        o.idempotencyKey,
        h.randomBytes(),
        config.maxNetworkRetries,
        o.timeout === undefined ? config.timeout : h.optNum(o.timeout),
        o.deadline === undefined ? config.deadline : h.optNum(o.deadline),
      );
      start.fetch = config.fetch === undefined ? (url, init) => fetchImpl.call(globalThis, url, init) : fetchImpl;
    } catch (e) {
      throw e instanceof h.Unserializable ? h.unserializable(e) : h.fail(e);
    }
    const recoveries = h.recoveries();
    let finished = false;
    let attempts = 0;
    // The call's deadline (the core's `deadlineMs`): one timer for every attempt and wait.
    const startedAt = Date.now();
    const deadline = new AbortController();
    const deadlineTimer = setTimeout(() => {
      const e = new Error(`no response within the call's deadline of ${start.deadlineMs} ms`);
      e.name = 'TimeoutError';
      deadline.abort(e);
    }, start.deadlineMs);
    const pastDeadline = (cause) => {
      finished = true;
      return failure(h.call(core.callDeadline, start.handle, start.deadlineMs), cause);
    };
    try {
      for (;;) {
        if (signal && signal.aborted) {
          finished = true;
          throw failure(h.call(core.callCancel, start.handle), signal.reason);
        }
        if (deadline.signal.aborted) throw pastDeadline(deadline.signal.reason);
        attempts += 1;
        const a = await attempt(start.fetch, start, signal, deadline.signal);
        if (a.outcome === 'deadline') throw pastDeadline(a.cause);
        let answer;
        try {
          const detail = a.outcome === 'network' ? failureText(a.cause) : undefined;
          answer = h.call(core.callRecord, start.handle, a.outcome, a.status, a.body, a.headers || [], h.nowSeconds(undefined), Math.random(), detail);
        } catch (e) {
          finished = true;
          throw h.recoveries() !== recoveries ? lostCall(start, attempts) : failure(e, a.cause);
        }
        if (answer.retryMs === undefined) {
          finished = true;
          return resource(answer);
        }
        // No retry starts that would wait past the deadline.
        if (Date.now() - startedAt + answer.retryMs >= start.deadlineMs) throw pastDeadline(a.cause);
        if (!(await sleep(answer.retryMs, signal, deadline.signal))) {
          if (deadline.signal.aborted && !(signal && signal.aborted)) throw pastDeadline(deadline.signal.reason);
          finished = true;
          throw failure(h.call(core.callCancel, start.handle), signal.reason);
        }
      }
    } finally {
      clearTimeout(deadlineTimer);
      if (!finished && h.recoveries() === recoveries) core.callFree(start.handle);
    }
  };

  /** The wasm instance restarted under a call in flight (a trap elsewhere): its state is gone. */
  function lostCall(start, attempts) {
    const key = start.headers['Idempotency-Key'];
    return new h.FlowError(
      'internal_error',
      '@kinetic/flow restarted its wasm instance while this call was in flight; retry it' +
        (key === undefined ? '.' : ` with idempotency key ${key}: it cannot create a second payment.`),
      { attempts, idempotencyKey: key === undefined ? null : key, requestId: null },
    );
  }
}
