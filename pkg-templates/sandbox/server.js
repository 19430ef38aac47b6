// @kinetic/flow/sandbox: the local Kinetic Flow in-process. The behaviour is the engine's
// (kinetic-flow-sandbox compiled to wasm, ../kinetic_flow_sandbox_bg.wasm); this shell only moves
// bytes (node:http, which Node, Bun and Deno all serve, and fetch for deliveries) and keeps time
// (Date.now(), timers). State is the engine's, in memory. It does what the `kinetic sandbox`
// binary's shell does (cli/src/sandbox/), step for step.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { initSync, Sandbox } from '../kinetic_flow_sandbox.js';
import { ConfigurationError, FlowError } from '../lib/errors.js';

/** The largest request body the engine reads (it answers 413 beyond; we pass one byte more). */
const MAX_BODY_BYTES = 1024 * 1024;
/** A delivery attempt's timeout (the engine's DELIVERY_TIMEOUT). */
const DELIVERY_TIMEOUT_MS = 10_000;
/** Attempts in flight at once (as the binary). */
const CONCURRENCY = 64;
/** setTimeout's largest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

let loaded = false;
function loadEngine() {
  if (loaded) return;
  let bytes;
  try {
    bytes = readFileSync(new URL('../kinetic_flow_sandbox_bg.wasm', import.meta.url));
  } catch (e) {
    throw new ConfigurationError('sandbox_unavailable',
      'The sandbox engine (kinetic_flow_sandbox_bg.wasm) could not be read next to @kinetic/flow/sandbox; reinstall the package, and keep the file when bundling (mark the package external).',
      { cause: e });
  }
  initSync({ module: bytes });
  loaded = true;
}

function hex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function checkOptions({ forwardTo, secret, speed, port }) {
  const urls = forwardTo === undefined ? [] : Array.isArray(forwardTo) ? forwardTo : [forwardTo];
  for (const url of urls) {
    if (typeof url !== 'string' || !(url.startsWith('http://') || url.startsWith('https://'))) {
      throw new ConfigurationError('invalid_forward_to',
        `forwardTo ${JSON.stringify(String(url))} is not an http:// or https:// URL; pass one like forwardTo: 'http://127.0.0.1:3000/webhooks'`);
    }
  }
  if (secret !== undefined) {
    if (typeof secret !== 'string' || !secret.startsWith('whsec_') || secret.trim() !== secret || secret.length < 7) {
      throw new ConfigurationError('invalid_secret',
        "secret must be a webhook secret starting with whsec_ (e.g. secret: 'whsec_test_secret'), with no spaces; leave it out to have one generated");
    }
    if (urls.length === 0) {
      throw new ConfigurationError('invalid_secret',
        'secret signs the forwardTo endpoints; add forwardTo, or leave secret out');
    }
  }
  if (speed !== undefined && !(Number.isInteger(speed) && speed >= 1 && speed <= 1_000_000)) {
    throw new ConfigurationError('invalid_speed', 'speed must be a whole number from 1 to 1000000 (it divides every sandbox delay)');
  }
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw new ConfigurationError('invalid_port', 'port must be a whole number from 0 to 65535 (0: any free port)');
  }
  return urls;
}

/** Reads at most MAX_BODY_BYTES + 1 bytes of the request body. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      const room = MAX_BODY_BYTES + 1 - size;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(part);
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('end', () => { if (!done) { done = true; resolve(Buffer.concat(chunks)); } });
    req.on('error', (e) => { if (!done) { done = true; reject(e); } });
  });
}

/** Why a delivery attempt got no answer, in the binary's words. */
function describe(err) {
  if (err && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `timed out after ${DELIVERY_TIMEOUT_MS / 1000} s`;
  }
  const code = err?.cause?.code ?? err?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' ||
      code === 'ConnectionRefused' || /connect|refused/i.test(String(err?.cause?.message ?? err?.message ?? ''))) {
    return 'connection failed';
  }
  return 'no answer (the connection closed)';
}

/**
 * Serves the sandbox on 127.0.0.1 and resolves once it listens. `log` (optional) receives one
 * object per request and per delivery attempt, the fields of `kinetic sandbox --json`.
 */
export async function createSandbox(options = {}) {
  if (options === null || typeof options !== 'object') {
    throw new ConfigurationError('invalid_options', 'createSandbox takes an options object: createSandbox({ forwardTo, secret })');
  }
  const { port = 0, secret, faults = [], speed = 1, duplicateDeliveries = false, log } = options;
  const urls = checkOptions({ forwardTo: options.forwardTo, secret, speed, port });
  if (!Array.isArray(faults)) {
    throw new ConfigurationError('invalid_faults', 'faults must be an array of fault rules, e.g. [{ route: "POST /v1/payments", kind: "drop_after_commit", times: 1 }]');
  }
  loadEngine();
  const entropy = crypto.getRandomValues(new Uint8Array(32));
  let engine;
  try {
    engine = new Sandbox(entropy, speed, JSON.stringify(urls.map((u) => [u, secret ?? null])), duplicateDeliveries === true);
  } catch (e) {
    throw new ConfigurationError('invalid_options', String(e?.message ?? e));
  }
  const apiKey = `sk_test_${hex(entropy.subarray(8, 20))}`;
  const emit = typeof log === 'function' ? log : () => {};

  const sockets = new Set();
  const hanging = new Set();
  const waits = new Set();
  const inFlight = new Set();
  let timer;
  let closed = false;

  function call(method, path, headers, body) {
    const out = JSON.parse(engine.handle(method, path, JSON.stringify(headers), body, Date.now()));
    schedule();
    return out;
  }

  // The delivery loop: what is due now goes out, then a timer for the next deadline.
  function schedule() {
    if (closed) return;
    clearTimeout(timer);
    timer = undefined;
    const now = Date.now();
    engine.tick(now);
    while (inFlight.size < CONCURRENCY) {
      const text = engine.pollDelivery(now);
      if (text === undefined) break;
      const attempt = JSON.parse(text);
      const p = send(attempt).finally(() => { inFlight.delete(p); schedule(); });
      inFlight.add(p);
    }
    if (inFlight.size >= CONCURRENCY) return;
    const next = engine.pollTimeout();
    if (next >= 0) {
      timer = setTimeout(schedule, Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())));
      timer.unref?.();
    }
  }

  async function send(attempt) {
    const started = performance.now();
    let status = 0;
    let error = '';
    try {
      const res = await fetch(attempt.url, {
        method: 'POST',
        headers: attempt.headers,
        body: attempt.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = res.status;
      // Read (and drop) the answer so the connection can be reused.
      await res.arrayBuffer().catch(() => {});
    } catch (e) {
      error = describe(e);
    }
    if (closed) return;
    engine.deliveryResult(attempt.delivery, status, error, Date.now());
    emit({
      kind: 'delivery', event: attempt.event, type: attempt.eventType, url: attempt.url,
      attempt: attempt.attempt, status: status || null, error: error || null,
      ms: Math.round((performance.now() - started) * 100) / 100,
    });
  }

  function respond(res, out) {
    const headers = {};
    let hasType = false;
    for (const [n, v] of out.headers) {
      if (n.toLowerCase() === 'content-type') hasType = true;
      headers[n] = v;
    }
    if (!hasType) headers['Content-Type'] = 'application/json';
    const body = Buffer.from(out.body, 'utf8');
    headers['Content-Length'] = String(body.length);
    res.writeHead(out.status, headers);
    res.end(body);
  }

  async function onRequest(req, res) {
    const started = performance.now();
    let body;
    try {
      body = await readBody(req);
    } catch {
      req.socket.destroy();
      return;
    }
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (closed) { req.socket.destroy(); return; }
    let out = call(method, path, req.rawHeaders, body);
    const fault = out.fault;
    if (out.action === 'wait') {
      const ticket = out.ticket;
      await new Promise((resolve) => {
        const t = setTimeout(() => { waits.delete(t); resolve(); }, Math.max(0, out.until - Date.now()));
        waits.add(t);
      });
      if (closed) { req.socket.destroy(); return; }
      out = JSON.parse(engine.resume(ticket, Date.now()));
      schedule();
    }
    const line = (status) => {
      const headers = new Map(out.headers.map(([n, v]) => [n.toLowerCase(), v]));
      emit({
        kind: 'request', method, path, route: out.route, status,
        request_id: headers.get('request-id') ?? '',
        ms: Math.round((performance.now() - started) * 100) / 100,
        replayed: headers.has('idempotent-replayed'), fault: fault ?? null,
      });
    };
    if (out.action === 'drop') {
      line(null);
      req.socket.destroy();
    } else if (out.action === 'hang') {
      line(null);
      hanging.add(req.socket);
    } else {
      line(out.status);
      respond(res, out);
    }
  }

  // The control routes, called in-process: the same requests a test would send over HTTP.
  async function control(method, path, value) {
    const body = value === undefined ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(value));
    const out = call(method, path, ['Content-Type', 'application/json'], body);
    const parsed = JSON.parse(out.body);
    if (out.status >= 400) {
      const err = parsed?.error ?? {};
      throw new FlowError(err.code ?? 'sandbox_error', err.message ?? `The sandbox answered ${out.status}.`);
    }
    return parsed;
  }

  // The initial faults, before anything listens: a bad rule leaves nothing open.
  for (const rule of faults) await control('POST', '/_sandbox/faults', rule);

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e) => {
      // A trap in the engine, or a socket error: answered 500 when still possible.
      try {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'server_error', message: `The sandbox failed on this request (${e?.message ?? e}).` } }));
      } catch {
        req.socket.destroy();
      }
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => { sockets.delete(s); hanging.delete(s); }); });
  await new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new ConfigurationError('port_unavailable',
      `The sandbox cannot listen on 127.0.0.1:${port} (${e.code ?? e.message}); pass another port, or port: 0 for any free one`, { cause: e })));
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  // Every delivery attempt that is due now, carried out (retries due now included).
  async function settle() {
    for (let round = 0; round < 1000; round++) {
      schedule();
      if (inFlight.size === 0) return;
      await Promise.allSettled([...inFlight]);
    }
  }

  const endpoints = JSON.parse(engine.endpoints()).map(([u, s]) => ({ url: u, secret: s }));
  schedule();

  const handle = {
    url,
    apiKey,
    secret: endpoints[0]?.secret,
    endpoints,
    async advance(seconds) {
      const clock = await control('POST', '/_sandbox/clock/advance', { seconds });
      await settle();
      return clock;
    },
    async fault(rule) {
      return control('POST', '/_sandbox/faults', rule);
    },
    async deliveries() {
      await settle();
      return (await control('GET', '/_sandbox/deliveries')).data;
    },
    async reset() {
      await settle();
      await control('DELETE', '/_sandbox/data');
    },
    pendingDeliveries() {
      return engine.pendingDeliveries();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      for (const t of waits) clearTimeout(t);
      waits.clear();
      const stopped = new Promise((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await stopped;
      engine.free?.();
    },
  };
  // `await using sandbox = await createSandbox()` where the runtime has explicit resource
  // management.
  if (typeof Symbol.asyncDispose === 'symbol') handle[Symbol.asyncDispose] = handle.close;
  return handle;
}

export default createSandbox;
