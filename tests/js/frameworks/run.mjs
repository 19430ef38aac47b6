// The webhook handlers (SPEC section 10) in each framework, from the packed package: every app
// in this folder is started for real on 127.0.0.1 (the Lambda handler is invoked with real event
// shapes) and sent the same deliveries. Run from a scratch copy of this folder inside the scratch
// project that has the tarball installed (scripts/test-js.sh). Each framework prints
// `<name>: N passed, M failed`; only some of them with `--only a,b`.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { connect, createServer } from 'node:net';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { webhooks, ValidationError } from '@kinetic/flow';
import { webhooks as edgeWebhooks } from '@kinetic/flow/webhooks';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', '..', 'node_modules', '.bin');
const secret = 'whsec_frameworkTest_Q9v8T7r6';
const marker = 'PAYLOAD_MARKER_k4Jm2';
writeFileSync(join(here, 'config.mjs'), `export const secret = ${JSON.stringify(secret)};\n`);
// The apps' options (after config.mjs, which they import): the limit of /webhooks/small.
const { SMALL_LIMIT } = await import('./options.mjs');

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : undefined;
const deadline = setTimeout(() => {
  console.error('frameworks: timed out');
  process.exit(1);
}, 600_000);

function event(id, type, status) {
  return JSON.stringify({
    id, object: 'event', type, api_version: '2026-04-01', created_at: '2026-04-15T09:14:02Z', livemode: false,
    data: { object: { id: 'pay_1a2b3c4d', object: 'payment', status, amount: 25000, currency: 'usd', metadata: { note: marker } } },
  });
}
const completed = event('evt_fw_completed', 'payment.completed', 'completed');
const failed = event('evt_fw_failed', 'payment.failed', 'failed');
const tampered = completed.replace('25000', '99999');
const RECEIVED = '{"received":true}';
const refused = (code) => JSON.stringify({ error: { code } });

/** The handlers' default body-size limit (the core's, 1 MiB) and a signed event of exactly `n` bytes. */
const DEFAULT_LIMIT = 1024 * 1024;
function sized(id, n, pad = 'x') {
  const e = JSON.parse(event(id, 'payment.completed', 'completed'));
  e.data.object.metadata.pad = '';
  const room = n - Buffer.byteLength(JSON.stringify(e));
  e.data.object.metadata.pad = pad.repeat(Math.floor(room / Buffer.byteLength(pad))) + 'x'.repeat(room % Buffer.byteLength(pad));
  const body = JSON.stringify(e);
  if (Buffer.byteLength(body) !== n) throw new Error(`sized: ${Buffer.byteLength(body)} bytes, not ${n}`);
  return body;
}

/**
 * POSTs to `url` with node:http, so that the framing is the test's: `body` with its
 * Content-Length, or (`chunked`) in 1000-byte chunks without one; `declared` sends that
 * Content-Length and only the first KiB, then waits; `endless` sends 16 KiB chunks until an answer
 * comes (at most 64 MiB). Resolves { status, body, sent } (status is a string when no answer came).
 */
function send(url, body, { header, chunked = false, declared, endless = false } = {}) {
  if (endless) return sendEndless(url, header);
  const u = new URL(url);
  const headers = { 'content-type': 'application/json', 'kinetic-signature': header ?? webhooks.sign(body, secret) };
  if (declared !== undefined) headers['content-length'] = String(declared);
  else if (!chunked && !endless) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const finish = (r) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...r, sent });
    };
    const timer = setTimeout(() => finish({ status: 'no answer within 30 s', body: '' }), 30_000);
    // An answer that came while the body was still being sent counts, even when the server then
    // resets the connection (workerd does, for a body it did not read to its end).
    let answer;
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers }, (res) => {
      answer = { status: res.statusCode, body: '' };
      res.setEncoding('utf8');
      res.on('data', (d) => (answer.body += d));
      res.on('end', () => finish(answer));
      res.on('error', () => finish(answer));
    });
    req.on('error', (e) => finish(answer ?? { status: `request error ${e.code ?? e.message}`, body: '' }));
    const bytes = Buffer.from(body ?? '');
    if (declared !== undefined) {
      req.write(bytes.subarray(0, 1024));
      sent = Math.min(1024, bytes.length);
    } else if (chunked) {
      for (let at = 0; at < bytes.length; at += 1000) req.write(bytes.subarray(at, at + 1000));
      sent = bytes.length;
      req.end();
    } else {
      req.end(bytes);
      sent = bytes.length;
    }
  });
}

/**
 * An endless chunked body, on a plain socket: node:http's client drops an answer that arrives
 * while it is still writing once the server closes the connection (workerd closes it after
 * answering a body it did not read to its end). Resolves { status, body, sent } once the answer
 * is in, or with a string status after 64 MiB or 30 s.
 */
function sendEndless(url, header) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    let sent = 0;
    let got = Buffer.alloc(0);
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...r, sent });
    };
    const timer = setTimeout(() => finish({ status: 'no answer within 30 s', body: '' }), 30_000);
    // The status, and the body once all of it is in (Content-Length, or chunked).
    const parse = () => {
      const end = got.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const head = got.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
      let rest = got.subarray(end + 4);
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (length) return rest.length >= Number(length[1]) ? { status, body: rest.subarray(0, Number(length[1])).toString() } : undefined;
      if (!/\r\ntransfer-encoding: *chunked/i.test(head)) return undefined;
      let text = '';
      for (;;) {
        const line = rest.indexOf('\r\n');
        if (line < 0) return undefined;
        const size = parseInt(rest.subarray(0, line).toString('latin1'), 16);
        if (size === 0) return { status, body: text };
        if (rest.length < line + 2 + size) return undefined;
        text += rest.subarray(line + 2, line + 2 + size).toString();
        rest = rest.subarray(line + 4 + size);
      }
    };
    socket.on('data', (d) => {
      got = Buffer.concat([got, d]);
      const r = parse();
      if (r !== undefined) finish(r);
    });
    socket.on('error', () => finish(parse() ?? { status: 'closed', body: '' }));
    socket.on('close', () => finish(parse() ?? { status: 'closed', body: '' }));
    socket.write(`POST ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nKinetic-Signature: ${header}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.concat([Buffer.from('4000\r\n'), Buffer.alloc(0x4000, 0x20), Buffer.from('\r\n')]);
    const pump = () => {
      while (!done && sent < 64 * 1024 * 1024) {
        sent += 0x4000;
        if (!socket.write(chunk)) return void socket.once('drain', pump);
      }
      if (!done) finish({ status: `no answer after ${sent} bytes`, body: '' });
    };
    pump();
  });
}

/**
 * The body-size limit (maxBodyBytes), to a server at `base`: on `/webhooks/small` (SMALL_LIMIT
 * bytes) a signed body exactly at the limit is handled, with and without Content-Length; one byte
 * over is 413 payload_too_large and not handled; a Content-Length over the limit is answered
 * before the body is sent; an endless chunked body is answered 413 (the server stopped reading);
 * on `/webhooks` the default limit (1 MiB) holds the same way. `framework` ('fastify',
 * 'express.raw'): a parser of the framework buffers the body first, so the answers to the two
 * unbounded bodies are its own (a 413 from Fastify at once; none from Express, see below).
 */
async function limitChecks(base, logs, { framework } = {}) {
  const count = async () => JSON.parse(await (await fetch(`${base}/calls`)).text()).completed;
  const too = refused('payload_too_large');
  const is = (r, status, body) => [r.status === status && r.body === body, `${r.status} ${r.body.slice(0, 200)}`];
  const checks = [];
  let n = await count();
  for (const chunked of [false, true]) {
    const how = chunked ? 'chunked, no Content-Length' : 'Content-Length';
    const at = await send(`${base}/webhooks/small`, sized(`evt_fw_small_${chunked ? 'c' : 'l'}`, SMALL_LIMIT), { chunked });
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: a body exactly at the limit (${how}) is handled, 200`, ...is(at, 200, RECEIVED)]);
    const afterAt = await count();
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: at the limit (${how}): the handler ran`, afterAt === n + 1, `called ${afterAt - n} times`]);
    n = afterAt;
    const over = await send(`${base}/webhooks/small`, sized(`evt_fw_over_${chunked ? 'c' : 'l'}`, SMALL_LIMIT + 1), { chunked });
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: one byte over (${how}) is 413 payload_too_large`, ...is(over, 413, too)]);
    const afterOver = await count();
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: one byte over (${how}): no handler ran`, afterOver === n, `called ${afterOver - n} times`]);
  }
  // Express's error handler answers a parser's 413 only once the whole body has arrived, so with
  // express.raw in front these two never get an answer: not the handler's to check.
  if (framework !== 'express.raw') {
    const big = sized('evt_fw_declared', SMALL_LIMIT * 4);
    const declared = await send(`${base}/webhooks/small`, big, { declared: 64 * 1024 * 1024 });
    if (framework) checks.push(['a Content-Length of 64 MiB, 1 KiB sent: 413 (the parser\'s limit)', declared.status === 413, `${declared.status} ${declared.body.slice(0, 200)}`]);
    else checks.push(['a Content-Length of 64 MiB, 1 KiB sent: 413 payload_too_large before the body is read', ...is(declared, 413, too)]);
    // Answered 413 while the body still comes; or (workerd) the connection closed after the
    // answer, which the client may not get to read, within a few MiB (socket buffers): a server
    // that kept reading would take all 64 MiB.
    const endless = await send(`${base}/webhooks/small`, undefined, { endless: true, header: webhooks.sign('{}', secret) });
    const stopped = endless.status === 'closed' && endless.sent <= 4 * 1024 * 1024;
    const endlessOk = stopped || (endless.status === 413 && (framework || endless.body === too));
    checks.push([`an endless chunked body: 413${framework ? ' (the parser\'s limit)' : ' payload_too_large (reading stopped at the limit)'}`, endlessOk, `${endless.status} ${String(endless.body).slice(0, 200)} after ${endless.sent} bytes`]);
  }
  const atDefault = await send(`${base}/webhooks`, sized('evt_fw_default_at', DEFAULT_LIMIT));
  checks.push(['default limit: a 1 MiB body is handled, 200', ...is(atDefault, 200, RECEIVED)]);
  const overDefault = await send(`${base}/webhooks`, sized('evt_fw_default_over', DEFAULT_LIMIT + 1), { chunked: true });
  checks.push(['default limit: 1 MiB + 1 byte (chunked) is 413 payload_too_large', ...is(overDefault, 413, too)]);
  await logged(logs, '413 payload_too_large');
  const text = logs();
  checks.push(['log: the refused body is logged with the limit and the option', text.includes('413 payload_too_large') && text.includes(`${SMALL_LIMIT} bytes`) && text.includes('maxBodyBytes'), text.slice(-600)]);
  return checks;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** One result line per framework; `checks` are [name, ok, detail]. */
function report(name, checks) {
  let passed = 0;
  for (const [what, ok, detail] of checks) {
    if (ok) passed += 1;
    else console.log(`  FAIL ${name}: ${what}${detail === undefined ? '' : `: ${detail}`}`);
  }
  console.log(`${name}: ${passed} passed, ${checks.length - passed} failed`);
  return checks.length - passed;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits (at most 5 s) until the server's output holds every one of `parts`. */
async function logged(logs, ...parts) {
  for (let i = 0; i < 50 && !parts.every((p) => logs().includes(p)); i++) await sleep(100);
}

/** What every log line must leave out: the secret (or its tail) and the payload. */
function logChecks(logs) {
  return [
    ['no log line holds the secret', !logs.includes(secret) && !logs.includes(secret.slice(6)), undefined],
    ['no log line holds the payload', !logs.includes(marker) && !logs.includes('"amount":25000'), undefined],
  ];
}

/**
 * The deliveries of the issue's "Done when", to a server at `base`: a signed delivery (200,
 * handler once), the same again (200 by `seen`, not handled again), a tampered one (400), one
 * whose handler throws (500), and one to a route with an empty secret (500).
 */
async function standardChecks(base, logs) {
  const post = async (path, body) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST', body, headers: { 'content-type': 'application/json', 'kinetic-signature': webhooks.sign(body === tampered ? completed : body, secret) },
    });
    return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
  };
  const count = async () => JSON.parse(await (await fetch(`${base}/calls`)).text()).completed;
  const answer = (r, status, body) => [r.status === status && r.body === body && /^application\/json/.test(r.type ?? ''), `${r.status} ${r.body} (${r.type})`];
  const checks = [];
  const first = await post('/webhooks', completed);
  checks.push(['signed delivery: 200 {"received":true}', ...answer(first, 200, RECEIVED)]);
  const afterFirst = await count();
  checks.push(['signed delivery: handler called once', afterFirst === 1, `called ${afterFirst} times`]);
  const again = await post('/webhooks', completed);
  checks.push(['repeated delivery: 200', ...answer(again, 200, RECEIVED)]);
  const afterAgain = await count();
  checks.push(['repeated delivery: seen, handler not called again', afterAgain === 1, `called ${afterAgain} times`]);
  checks.push(['tampered delivery: 400 signature_mismatch', ...answer(await post('/webhooks', tampered), 400, refused('signature_mismatch'))]);
  checks.push(['handler throws: 500', ...answer(await post('/webhooks', failed), 500, refused('handler_failed'))]);
  checks.push(['empty secret: 500 invalid_secret', ...answer(await post('/webhooks/empty', completed), 500, refused('invalid_secret'))]);
  checks.push(['empty secret: no handler called', (await count()) === 1, undefined]);
  await logged(logs, '400 signature_mismatch', '500 handler_failed', '500 invalid_secret');
  const text = logs();
  // The handler read the body itself (or took a raw parser's Buffer): the advice is about the
  // secret, never a recipe to pass the raw body, and never another runtime's.
  const mismatchLine = text.split('\n').find((l) => l.includes('400 signature_mismatch')) ?? '';
  checks.push(['log: the refused signature is logged with advice that fits the handler', mismatchLine.includes('signing secret') &&
    !mismatchLine.includes("express.raw({ type") && !mismatchLine.includes('request.text()') && !mismatchLine.includes('Rust') && !mismatchLine.includes('axum'), mismatchLine.slice(0, 400)]);
  checks.push(['log: the handler failure is logged', text.includes('500 handler_failed (payment.failed evt_fw_failed)') && text.includes('fails on purpose'), text.slice(0, 400)]);
  checks.push(['log: the empty secret is logged', text.includes('500 invalid_secret'), text.slice(0, 400)]);
  return checks;
}

/** The standard deliveries, then the body-size limit's (limitChecks). */
const withLimits = (options) => async (base, logs) => [...(await standardChecks(base, logs)), ...(await limitChecks(base, logs, options))];
const allChecks = withLimits();

/** Starts `command`, waits until GET /calls answers, runs `checks(base, logs)`, stops it. */
async function served(name, command, args, options, checks) {
  if (only !== undefined && !only.includes(name)) return 0;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(command, args(port), { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  let results;
  try {
    for (let i = 0; ; i++) {
      try {
        const res = await fetch(`${base}/calls`);
        if (res.ok) break;
      } catch (e) {
        if (i >= 300 || proc.exitCode !== null) throw new Error(`did not start (${e.message}): ${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    results = [...(await checks(base, () => output))];
    results.push(...logChecks(output));
  } catch (e) {
    results = [['ran', false, e.message]];
  } finally {
    proc.kill('SIGTERM');
  }
  return report(name, results);
}

const node = process.execPath;
const quiet = { NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' };
let failures = 0;

failures += await served('node:http (as Connect)', node, (p) => ['node-http-app.mjs', String(p)], { cwd: here }, allChecks);
failures += await served('express (no parser)', node, (p) => ['express-app.mjs', 'plain', String(p)], { cwd: here }, allChecks);
failures += await served('express (express.raw)', node, (p) => ['express-app.mjs', 'raw', String(p)], { cwd: here }, withLimits({ framework: 'express.raw' }));
failures += await served('express (global express.json first)', node, (p) => ['express-app.mjs', 'json', String(p)], { cwd: here }, async (base, logs) => {
  const res = await fetch(`${base}/webhooks`, { method: 'POST', body: completed, headers: { 'content-type': 'application/json', 'kinetic-signature': webhooks.sign(completed, secret) } });
  const body = await res.text();
  const calledCount = JSON.parse(await (await fetch(`${base}/calls`)).text()).completed;
  await logged(logs, '500 payload_not_raw');
  const text = logs();
  return [
    ['parsed body: 500 payload_not_raw', res.status === 500 && body === refused('payload_not_raw'), `${res.status} ${body}`],
    ['parsed body: handler not called', calledCount === 0, `called ${calledCount}`],
    ['parsed body: the log line names the fix (route before express.json())', text.includes('500 payload_not_raw') && text.includes('before app.use(express.json())'), text.slice(0, 600)],
    ['parsed body: the response says no more than the code', !body.includes('express'), body],
  ];
});
failures += await served('fastify', node, (p) => ['fastify-app.mjs', String(p)], { cwd: here }, async (base, logs) => {
  const checks = await withLimits({ framework: 'fastify' })(base, logs);
  const res = await fetch(`${base}/webhooks/parsed`, { method: 'POST', body: completed, headers: { 'content-type': 'application/json', 'kinetic-signature': webhooks.sign(completed, secret) } });
  const body = await res.text();
  await logged(logs, 'addContentTypeParser');
  checks.push(['default JSON parser: 500 payload_not_raw', res.status === 500 && body === refused('payload_not_raw'), `${res.status} ${body}`]);
  checks.push(['default JSON parser: the log names addContentTypeParser', logs().includes('addContentTypeParser'), logs().slice(-600)]);
  return checks;
});
failures += await served('hono (@hono/node-server)', node, (p) => ['hono-node.mjs', String(p)], { cwd: here }, allChecks);

// Hono on workerd: bundled as wrangler would (conditions workerd, worker, browser; the .wasm kept
// as a module), served by `workerd serve`.
if (only === undefined || only.includes('hono (workerd)')) {
  const out = join(here, 'workerd-out');
  mkdirSync(out, { recursive: true });
  await build({
    entryPoints: [join(here, 'hono-app.mjs')], bundle: true, format: 'esm', platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], loader: { '.wasm': 'copy' },
    assetNames: '[name]', outdir: out, logLevel: 'warning',
  });
  // Each .wasm the bundle imports (the app uses the webhooks-only entry), as a wasm module.
  const wasmModules = readdirSync(out).filter((f) => f.endsWith('.wasm'))
    .map((f) => `    (name = "${f}", wasm = embed "${f}"),\n`).join('');
  failures += await served('hono (workerd)', join(bin, 'workerd'), (port) => {
    writeFileSync(join(out, `config-${port}.capnp`), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "hono-app.js", esModule = embed "hono-app.js"),
${wasmModules}  ],
  compatibilityDate = "2025-01-01",
);
`);
    return ['serve', '--verbose', join(out, `config-${port}.capnp`)];
  }, {}, allChecks);
}

// A Next.js App Router route handler (`export const POST = webhooks.handler(...)`): `next build`,
// then `next start`.
if (only === undefined || only.includes('next.js route handler')) {
  const next = join(here, 'next');
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const built = await new Promise((resolve) => {
    const p = spawn(join(bin, 'next'), ['build'], { cwd: next, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
  if (built.code !== 0) failures += report('next.js route handler', [['next build', false, built.out.slice(-3000)]]);
  else failures += await served('next.js route handler', join(bin, 'next'), (p) => ['start', '-p', String(p), '-H', '127.0.0.1'], { cwd: next, env }, allChecks);
}
failures += await served('Deno.serve', join(bin, 'deno'), (p) => ['run', '--allow-net=127.0.0.1', 'deno-app.mjs', String(p)], { cwd: here, env: { ...process.env, ...quiet } }, allChecks);
failures += await served('Bun.serve', join(bin, 'bun'), (p) => ['bun-app.mjs', String(p)], { cwd: here, env: { ...process.env, ...quiet } }, allChecks);

// AWS Lambda: the handler invoked in this process with the event shapes API Gateway and Function
// URLs send, plain and base64-encoded; its log lines captured from console.
if (only === undefined || only.includes('lambda')) {
  const captured = [];
  const original = { error: console.error, warn: console.warn, log: console.log };
  for (const k of Object.keys(original)) console[k] = (...a) => captured.push(a.map((x) => (x instanceof Error ? `${x.name}: ${x.message}` : String(x))).join(' '));
  const checks = [];
  try {
    const app = await import(pathToFileURL(join(here, 'lambda-app.mjs')).href);
    const count = () => JSON.parse(app.calls()).completed;
    const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
    // API Gateway REST (v1) proxy event: headers as sent (mixed case), multiValueHeaders too.
    const restEvent = (body, header) => ({
      resource: '/webhooks', path: '/webhooks', httpMethod: 'POST',
      headers: { 'Content-Type': 'application/json', 'Kinetic-Signature': header },
      multiValueHeaders: { 'Content-Type': ['application/json'], 'Kinetic-Signature': [header] },
      queryStringParameters: null, pathParameters: null, stageVariables: null,
      requestContext: { httpMethod: 'POST', path: '/prod/webhooks', stage: 'prod', requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' },
      body, isBase64Encoded: false,
    });
    // HTTP API (v2) and Function URL event: lower-case headers, body base64 when binary.
    const urlEvent = (body, header) => ({
      version: '2.0', routeKey: '$default', rawPath: '/', rawQueryString: '',
      headers: { 'content-type': 'application/json', 'kinetic-signature': header, host: 'abc.lambda-url.us-east-1.on.aws' },
      requestContext: { http: { method: 'POST', path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' }, requestId: 'id', routeKey: '$default', stage: '$default' },
      body: b64(body), isBase64Encoded: true,
    });
    const answer = (r, status, body) => [r.statusCode === status && r.body === body && r.headers['content-type'] === 'application/json', JSON.stringify(r)];
    for (const [tag, shape, make] of [['rest', 'plain body (API Gateway REST)', restEvent], ['url', 'base64 body (Function URL)', urlEvent]]) {
      // Own event ids per shape, so that `seen` of the other shape does not interfere.
      const ok = event(`evt_fw_${tag}`, 'payment.completed', 'completed');
      const bad = event(`evt_fw_${tag}_failed`, 'payment.failed', 'failed');
      const start = count();
      checks.push([`${shape}: signed delivery 200`, ...answer(await app.handler(make(ok, webhooks.sign(ok, secret))), 200, RECEIVED)]);
      checks.push([`${shape}: handler called once`, count() === start + 1, `count ${count() - start}`]);
      checks.push([`${shape}: repeated delivery 200`, ...answer(await app.handler(make(ok, webhooks.sign(ok, secret))), 200, RECEIVED)]);
      checks.push([`${shape}: seen, handler not called again`, count() === start + 1, `count ${count() - start}`]);
      checks.push([`${shape}: tampered 400`, ...answer(await app.handler(make(ok.replace('25000', '99999'), webhooks.sign(ok, secret))), 400, refused('signature_mismatch'))]);
      checks.push([`${shape}: handler throws 500`, ...answer(await app.handler(make(bad, webhooks.sign(bad, secret))), 500, refused('handler_failed'))]);
      checks.push([`${shape}: empty secret 500`, ...answer(await app.emptySecretHandler(make(ok, webhooks.sign(ok, secret))), 500, refused('invalid_secret'))]);
      checks.push([`${shape}: empty secret, no handler called`, count() === start + 1, `count ${count() - start}`]);
    }
    // `'*'`, an unhandled type, and `onError`: the same in every handler (one shared path).
    const seenTypes = [];
    const reported = [];
    const star = webhooks.lambda({
      secret, on: { '*': (ev) => { seenTypes.push(ev.type); } },
      seen: async (eventId) => { await sleep(1); return eventId === 'evt_fw_already'; },
      onError: (error, info) => { reported.push(`${info.status} ${info.code} ${error.code}`); },
    });
    const bare = webhooks.lambda({ secret, on: {}, onError: () => { throw new Error('onError fails too'); } });
    const newer = event('evt_fw_newer', 'payment.disputed', 'disputed');
    const r1 = await star(restEvent(newer, webhooks.sign(newer, secret)));
    checks.push(["'*' gets an event type without a handler of its own", r1.statusCode === 200 && seenTypes.join() === 'payment.disputed', `${JSON.stringify(r1)} ${seenTypes}`]);
    const already = event('evt_fw_already', 'payment.disputed', 'disputed');
    const r0 = await star(restEvent(already, webhooks.sign(already, secret)));
    checks.push(['an async seen() that says true: 200, no handler called', r0.statusCode === 200 && r0.body === RECEIVED && seenTypes.length === 1, `${JSON.stringify(r0)} ${seenTypes}`]);
    const r2 = await bare(restEvent(newer, webhooks.sign(newer, secret)));
    checks.push(['an event without any handler is acknowledged', r2.statusCode === 200 && r2.body === RECEIVED, JSON.stringify(r2)]);
    const before = captured.length;
    const r3 = await star(restEvent(tampered, webhooks.sign(completed, secret)));
    checks.push(['onError is told status and code, instead of the log line', r3.statusCode === 400 && reported.join() === '400 signature_mismatch signature_mismatch' && captured.length === before, `${reported} / ${captured.slice(before)}`]);
    const r4 = await bare(restEvent(tampered, webhooks.sign(completed, secret)));
    checks.push(['an onError that throws does not change the answer', r4.statusCode === 400 && r4.body === refused('signature_mismatch'), JSON.stringify(r4)]);
    const r5 = await star({ body: null, headers: null });
    checks.push(['an event with no body and no headers: 400 missing_signature_header', r5.statusCode === 400 && r5.body === refused('missing_signature_header'), JSON.stringify(r5)]);

    // A base64 body verified without decoding (a hand-written Lambda that passes event.body on):
    // the core's signature_mismatch says the body looks base64-encoded.
    const e = urlEvent(completed, webhooks.sign(completed, secret));
    let message = '';
    try {
      webhooks.verify(e.body, e.headers, secret);
    } catch (err) {
      message = `${err.code}: ${err.message}`;
    }
    checks.push(['undecoded base64 body: signature_mismatch names isBase64Encoded', message.startsWith('signature_mismatch') && message.includes('isBase64Encoded'), message]);

    // The body-size limit: a Lambda body is checked as bytes, after base64 decoding, and a text
    // body by its UTF-8 length (not its JavaScript length).
    const handled = [];
    const limitReports = [];
    const small = webhooks.lambda({
      secret, maxBodyBytes: SMALL_LIMIT, on: { 'payment.completed': (ev) => { handled.push(ev.id); } },
      onError: (error, info) => { limitReports.push(`${info.status} ${info.code} ${error.code} ${error.status}: ${error.message}`); },
    });
    const too = refused('payload_too_large');
    const atLimit = sized('evt_fw_lambda_at', SMALL_LIMIT);
    const overLimit = sized('evt_fw_lambda_over', SMALL_LIMIT + 1);
    const wide = sized('evt_fw_lambda_wide', SMALL_LIMIT + 2, '\u00e9');
    const signed = (make, body) => make(body, webhooks.sign(body, secret));
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: a body exactly at the limit: 200`, ...answer(await small(signed(restEvent, atLimit)), 200, RECEIVED)]);
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: one byte over: 413 payload_too_large`, ...answer(await small(signed(restEvent, overLimit)), 413, too)]);
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: a text body of ${wide.length} characters but ${Buffer.byteLength(wide)} UTF-8 bytes: 413`, wide.length < SMALL_LIMIT && (await small(signed(restEvent, wide))).statusCode === 413, `${wide.length}`]);
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: base64 of a body at the limit (longer than the limit as text): 200`, ...answer(await small(signed(urlEvent, atLimit)), 200, RECEIVED)]);
    checks.push([`maxBodyBytes ${SMALL_LIMIT}: base64 of a body one byte over: 413`, ...answer(await small(signed(urlEvent, overLimit)), 413, too)]);
    checks.push(['over the limit: no handler ran', handled.join() === 'evt_fw_lambda_at,evt_fw_lambda_at', handled.join()]);
    checks.push(['over the limit: onError is told 413 payload_too_large, with the limit and the option in the message',
      limitReports.length === 3 && limitReports.every((r) => r.startsWith('413 payload_too_large payload_too_large 413:') && r.includes(`${SMALL_LIMIT} bytes`) && r.includes('maxBodyBytes') && !r.includes(marker)), limitReports.join(' / ')]);
    const start = count();
    checks.push(['default limit: a 1 MiB body: 200', ...answer(await app.handler(signed(restEvent, sized('evt_fw_lambda_mib', DEFAULT_LIMIT))), 200, RECEIVED)]);
    checks.push(['default limit: a 1 MiB body was handled', count() === start + 1, `count ${count() - start}`]);
    checks.push(['default limit: base64 of 1 MiB + 1 byte: 413', ...answer(await app.handler(signed(urlEvent, sized('evt_fw_lambda_mib1', DEFAULT_LIMIT + 1))), 413, too)]);

    // maxBodyBytes is checked by the core, in both modules: a value it refuses answers every
    // delivery 500 validation_failed (the factories never throw), before any byte is read.
    const okBody = event('evt_fw_option', 'payment.completed', 'completed');
    const okHeader = webhooks.sign(okBody, secret);
    const viaHandler = async (h) => {
      const res = await h(new Request('http://127.0.0.1/webhooks', { method: 'POST', body: okBody, headers: { 'kinetic-signature': okHeader } }));
      return { status: res.status, body: await res.text() };
    };
    const viaMiddleware = async (h) => {
      const req = Readable.from([Buffer.from(okBody)]);
      req.headers = { 'kinetic-signature': okHeader };
      const out = { status: 0, body: '' };
      await h(req, { setHeader() {}, set statusCode(v) { out.status = v; }, end(b) { out.body = b; } });
      return out;
    };
    const viaLambda = async (h) => {
      const r = await h(restEvent(okBody, okHeader));
      return { status: r.statusCode, body: r.body };
    };
    for (const [name, api] of [['root', webhooks], ['webhooks entry', edgeWebhooks]]) {
      for (const [make, via] of [['handler', viaHandler], ['middleware', viaMiddleware], ['lambda', viaLambda]]) {
        for (const bad of ['1mb', '4096', 0, -1, 1.5, NaN, Infinity, 2 ** 53, {}]) {
          const label = typeof bad === 'string' ? JSON.stringify(bad) : typeof bad === 'object' ? 'an object' : String(bad);
          const told = [];
          let r;
          try {
            r = await via(api[make]({ secret, on: {}, maxBodyBytes: bad, onError: (e, info) => { told.push([e, info]); } }));
          } catch (err) {
            r = { status: `threw ${err.name}: ${err.message}`, body: '' };
          }
          const [e, info] = told[0] ?? [];
          checks.push([`${name} ${make}({ maxBodyBytes: ${label} }): 500 validation_failed on maxBodyBytes`,
            r.status === 500 && r.body === refused('validation_failed') && e instanceof ValidationError && e.errors?.[0]?.param === 'maxBodyBytes' && info?.code === 'validation_failed',
            `${r.status} ${r.body} ${e && `${e.name} ${e.message}`}`]);
        }
        for (const good of [undefined, null, 1024, Number.MAX_SAFE_INTEGER]) {
          const r = await via(api[make]({ secret, on: {}, maxBodyBytes: good }));
          checks.push([`${name} ${make}({ maxBodyBytes: ${good} }): a signed delivery is 200`, r.status === 200 && r.body === RECEIVED, `${r.status} ${r.body}`]);
        }
        const tight = await via(api[make]({ secret, on: {}, maxBodyBytes: 16, onError: () => {} }));
        checks.push([`${name} ${make}({ maxBodyBytes: 16 }): the delivery is 413`, tight.status === 413 && tight.body === refused('payload_too_large'), `${tight.status} ${tight.body}`]);
      }
    }
  } catch (e) {
    checks.push(['ran', false, e.stack]);
  } finally {
    Object.assign(console, original);
  }
  const text = captured.join('\n');
  checks.push(['log: handler failure and empty secret logged', text.includes('500 handler_failed') && text.includes('500 invalid_secret'), text.slice(0, 400)]);
  checks.push(...logChecks(text));
  failures += report('lambda', checks);
}

clearTimeout(deadline);
process.exit(failures === 0 ? 0 : 1);
