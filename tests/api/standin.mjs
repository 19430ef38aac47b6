// A local stand-in of the Kinetic Flow API (https://api.kinetic.dev, version 2026-04-01) for the
// tests: real HTTP on 127.0.0.1 (Node `http`, no dependencies), started by the tests themselves.
//
// It checks what the real API checks on every request (Authorization, Kinetic-Version, and on a
// POST the Idempotency-Key and the body's idempotency_key), keeps idempotency records (the same
// key with the same body bytes replays the stored response; the same key with another body is
// 409 idempotency_conflict), and answers with the shapes of the API docs. A fault schedule
// (`faults(ctx)`, called once per request) breaks individual attempts:
//
//   lost     the payment is made, then the connection is dropped before the response
//   500      500 with Retry-After: 0, nothing made
//   503      503 with Retry-After: 1, nothing made
//   429      429 with Retry-After: 1, nothing made
//   slow     the payment is made, the response comes after `slowMs` (longer than the timeout)
//   down     the server "restarts": this connection is dropped unprocessed and new connections
//            are refused (ECONNREFUSED) for `downMs`
//
// Usage: const api = await startStandIn({ faults: (ctx) => null }); ... api.url ...; await api.close();

import http from 'node:http';
import net from 'node:net';
import { createHash } from 'node:crypto';

const API_VERSION = '2026-04-01';
const KEY_RE = /^Bearer (sk_(?:test|live)_[A-Za-z0-9]+)$/;
const FEDNOW_LIMIT = 1_000_000_000;

function sha256(buf) {
  return createHash('sha256').update(buf).digest('hex');
}

function errorBody(code, message, param) {
  return { error: { code, message, ...(param ? { param } : {}) } };
}

export async function startStandIn(options = {}) {
  const faults = options.faults || (() => null);
  const slowMs = options.slowMs ?? 1500;
  const downMs = options.downMs ?? 60;
  const apiKeys = options.apiKeys; // optional allow-list; else any well-formed key

  let seq = 0;
  let ids = 0;
  const nextId = (prefix) => `${prefix}${(++ids).toString(36).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

  const records = new Map(); // idempotency key -> { bodyHash, status, body, headers }
  const payments = new Map(); // id -> payment
  const events = new Map(); // id -> event
  const byKey = new Map(); // idempotency key -> resource id (payments, refunds, tokens)
  const stats = {
    requests: 0,
    faults: { lost: 0, 500: 0, 503: 0, 429: 0, slow: 0, down: 0 },
    created: { payments: 0, refunds: 0, tokens: 0 },
    replays: 0,
    conflicts: 0,
    rejected: 0, // 4xx other than 409 (auth, version, key checks, validation, 404)
  };

  function respond(res, status, body, extra = {}) {
    if (res.destroyed || res.writableEnded) return;
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Request-Id': `req_${(++seq).toString(36)}`,
      Connection: 'close', // one connection per request, so that a "down" window refuses retries
      ...extra,
    });
    res.end(text);
  }

  function createPayment(body, key) {
    const rail = body.rail && body.rail !== 'auto' ? body.rail : body.amount <= FEDNOW_LIMIT ? 'fednow' : 'wire';
    const d = body.destination || {};
    const destination = d.token
      ? { token: d.token }
      : { routing_number: d.routing_number, account_number: `****${String(d.account_number).slice(-4)}` };
    const created = now();
    const payment = {
      id: nextId('pay_'),
      object: 'payment',
      status: 'completed',
      amount: body.amount,
      currency: body.currency,
      rail,
      destination,
      metadata: body.metadata || {},
      failure_code: null,
      failure_message: null,
      settled_at: created,
      created_at: created,
    };
    payments.set(payment.id, payment);
    byKey.set(key, payment.id);
    stats.created.payments += 1;
    for (const type of ['payment.created', 'payment.completed']) {
      const event = {
        id: nextId('evt_'),
        object: 'event',
        type,
        api_version: API_VERSION,
        created_at: created,
        livemode: false,
        data: { object: payment },
      };
      events.set(event.id, event);
    }
    return [201, payment];
  }

  function createRefund(body, key) {
    const payment = payments.get(body.payment);
    if (!payment) return [404, errorBody('resource_missing', `No such payment: ${String(body.payment).slice(0, 64)}.`, 'payment')];
    const refund = {
      id: nextId('re_'),
      object: 'refund',
      payment: payment.id,
      amount: body.amount ?? payment.amount,
      currency: payment.currency,
      status: 'pending',
      created_at: now(),
    };
    byKey.set(key, refund.id);
    stats.created.refunds += 1;
    return [201, refund];
  }

  function createToken(body, key) {
    const token = {
      id: nextId('tok_'),
      object: 'token',
      type: 'bank_account',
      bank_account: { routing_number: body.routing_number, last4: String(body.account_number).slice(-4) },
      created_at: now(),
    };
    byKey.set(key, token.id);
    stats.created.tokens += 1;
    return [201, token];
  }

  const CREATE = { '/v1/payments': createPayment, '/v1/refunds': createRefund, '/v1/tokens': createToken };

  /** The request's answer as [status, body, extra headers], after the checks of the real API. */
  function handle(req, raw) {
    const auth = KEY_RE.exec(req.headers.authorization || '');
    if (!auth || (apiKeys && !apiKeys.includes(auth[1]))) {
      return [401, errorBody('unauthorized', 'Invalid or missing API key.')];
    }
    if (req.headers['kinetic-version'] !== API_VERSION) {
      return [400, errorBody('invalid_version', `Kinetic-Version must be ${API_VERSION}.`)];
    }
    const path = req.url.split('?')[0];
    if (req.method === 'GET') {
      let m = /^\/v1\/payments\/(pay_[A-Za-z0-9]+)$/.exec(path);
      if (m) return payments.has(m[1]) ? [200, payments.get(m[1])] : [404, errorBody('resource_missing', 'No such payment.', 'id')];
      m = /^\/v1\/events\/(evt_[A-Za-z0-9]+)$/.exec(path);
      if (m) return events.has(m[1]) ? [200, events.get(m[1])] : [404, errorBody('resource_missing', 'No such event.', 'id')];
      return [404, errorBody('not_found', 'Unknown endpoint.')];
    }
    const create = req.method === 'POST' ? CREATE[path] : undefined;
    if (!create) return [404, errorBody('not_found', 'Unknown endpoint.')];
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') {
      return [400, errorBody('missing_idempotency_key', 'A POST needs an Idempotency-Key header.')];
    }
    if (req.headers['content-type'] !== 'application/json') {
      return [400, errorBody('invalid_content_type', 'Send JSON with Content-Type: application/json.')];
    }
    let body;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return [400, errorBody('invalid_json', 'The body is not JSON.')];
    }
    if (body === null || typeof body !== 'object' || body.idempotency_key !== key) {
      return [400, errorBody('idempotency_key_mismatch', "The body's idempotency_key must equal the Idempotency-Key header.", 'idempotency_key')];
    }
    const hash = sha256(raw);
    const seen = records.get(key);
    if (seen) {
      if (seen.bodyHash !== hash) {
        stats.conflicts += 1;
        return [409, errorBody('idempotency_conflict', 'This idempotency key was already used with a different request body.', 'idempotency_key')];
      }
      stats.replays += 1;
      return [seen.status, seen.body, { 'Idempotent-Replayed': 'true' }];
    }
    const [status, resource] = create(body, key);
    if (status < 500) records.set(key, { bodyHash: hash, status, body: resource });
    return [status, resource];
  }

  // The HTTP server does not listen itself: a front TCP listener hands it connections, and is
  // closed during a "down" window so that connecting is refused for real.
  let faultsOn = true;
  const server = http.createServer((req, res) => {
    if (req.url === '/__control/faults-off' && req.method === 'POST') {
      // Test-only control (not under /v1): the chaos test's "retry later" phase runs fault-free.
      faultsOn = false;
      req.resume();
      respond(res, 200, { faults: 'off' });
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      stats.requests += 1;
      const raw = Buffer.concat(chunks);
      const ctx = { n: stats.requests, method: req.method, path: req.url, key: req.headers['idempotency-key'] };
      const fault = faultsOn ? faults(ctx) : null;
      if (fault === 'down') {
        stats.faults.down += 1;
        res.socket.destroy();
        goDown();
        return;
      }
      if (fault === '500' || fault === '503' || fault === '429') {
        stats.faults[fault] += 1;
        const body = fault === '429' ? errorBody('rate_limited', 'Too many requests.') : errorBody('server_error', 'An unexpected error occurred.');
        respond(res, Number(fault), body, { 'Retry-After': fault === '500' ? '0' : '1' });
        return;
      }
      const [status, body, extra] = handle(req, raw);
      if (status >= 400 && status !== 409) stats.rejected += 1;
      if (fault === 'lost') {
        stats.faults.lost += 1;
        res.socket.destroy();
        return;
      }
      if (fault === 'slow') {
        stats.faults.slow += 1;
        setTimeout(() => respond(res, status, body, extra), slowMs).unref();
        return;
      }
      respond(res, status, body, extra);
    });
  });

  let front;
  const sockets = new Set(); // every connection, so that close() ends them all at once
  let port = options.port ?? 0;
  let downUntil = 0;
  function listen() {
    return new Promise((resolve, reject) => {
      const f = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        server.emit('connection', socket);
      });
      f.once('error', reject);
      f.listen(port, '127.0.0.1', () => {
        f.off('error', reject);
        port = f.address().port;
        front = f;
        resolve();
      });
    });
  }
  let reopening = null;
  function goDown() {
    downUntil = Date.now() + downMs;
    if (reopening) return;
    const f = front;
    front = undefined;
    f.close();
    reopening = new Promise((resolve) => {
      const tick = () => {
        if (Date.now() < downUntil) return setTimeout(tick, downUntil - Date.now());
        listen().then(resolve, (e) => {
          console.error(`stand-in: could not listen again on ${port}: ${e.message}`);
          resolve();
        });
      };
      setTimeout(tick, downMs);
    }).finally(() => {
      reopening = null;
    });
  }
  await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    payments,
    events,
    /** Turns the fault schedule on or off. */
    setFaults(on) {
      faultsOn = on;
    },
    /** The resource id created with idempotency key `key`, if any. */
    resourceFor: (key) => byKey.get(key),
    async close() {
      if (reopening) await reopening;
      const closed = front ? new Promise((r) => front.close(r)) : Promise.resolve();
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      server.close();
      await closed;
    },
  };
}

/**
 * A seeded fault schedule: each request is faulted with probability `rate`, the kind drawn from
 * `kinds` (weights). Deterministic for a seed and a request order.
 */
export function chaosSchedule(seed, rate = 1 / 3, kinds = { lost: 2, 500: 1, 503: 1, 429: 1, slow: 1, down: 0.5 }) {
  let state = seed >>> 0 || 1;
  const random = () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
  const entries = Object.entries(kinds);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  return () => {
    if (random() >= rate) return null;
    let r = random() * total;
    for (const [kind, w] of entries) {
      if ((r -= w) < 0) return kind;
    }
    return entries[entries.length - 1][0];
  };
}

// `node tests/api/standin.mjs [--fault-first KIND] -- <command...>`: start the stand-in (KIND
// breaks the first request), run the command with KINETIC_BASE_URL set to it (and
// KINETIC_API_KEY to a test key if unset), pass its exit code on.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { spawn } = await import('node:child_process');
  let args = process.argv.slice(2);
  let first = null;
  if (args[0] === '--fault-first') {
    first = args[1];
    args = args.slice(2);
  }
  const cmd = args[0] === '--' ? args.slice(1) : args;
  if (cmd.length === 0) {
    console.error('usage: node tests/api/standin.mjs [--fault-first lost|500|503|429|slow|down] -- <command> [args...]');
    process.exit(2);
  }
  const api = await startStandIn({ faults: ({ n }) => (n === 1 ? first : null) });
  const env = { ...process.env, KINETIC_BASE_URL: api.url };
  env.KINETIC_API_KEY ||= 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
  const child = spawn(cmd[0], cmd.slice(1), { stdio: 'inherit', env });
  child.on('exit', async (code, signal) => {
    await api.close();
    console.log(`stand-in: ${api.stats.requests} requests, ${api.stats.created.payments} payments created`);
    process.exit(signal ? 1 : code ?? 1);
  });
}
