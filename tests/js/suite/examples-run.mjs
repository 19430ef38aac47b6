// Starts each example (examples/express, cloudflare-worker, deno, hono, nextjs) on 127.0.0.1
// against the packed package, and sends it a signed webhook and a tampered one (the Express one
// also shows a payment request); the Lambda example is invoked with a Function URL event.
// Bounded: a few requests each, every process killed at the end.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { webhooks } from '@kinetic/flow';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const bin = join(here, '..', 'node_modules', '.bin');
const secret = 'whsec_exampleTestSecret123';
const deadline = setTimeout(() => {
  console.error('examples: timed out');
  process.exit(1);
}, 280_000);

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

async function waitUntilUp(base, proc) {
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/`);
      return;
    } catch (e) {
      if (i >= 150 || proc.exitCode !== null) throw new Error(`did not start: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const RECEIVED = '{"received":true}';
const MISMATCH = '{"error":{"code":"signature_mismatch"}}';

/** A signed delivery must answer 200 {"received":true}; a tampered one 400 signature_mismatch. */
async function deliveries(base) {
  const body = JSON.stringify({
    id: 'evt_example1', object: 'event', type: 'payment.completed', api_version: '2026-04-01',
    created_at: '2026-04-15T09:14:02Z', livemode: false,
    data: { object: { id: 'pay_1a2b3c4d', object: 'payment', status: 'completed', amount: 25000, currency: 'usd' } },
  });
  const header = webhooks.sign(body, secret);
  const post = (b) => fetch(`${base}/webhooks/kinetic`, {
    method: 'POST', body: b, headers: { 'content-type': 'application/json', 'kinetic-signature': header },
  });
  const good = await post(body);
  const goodText = await good.text();
  const bad = await post(body.replace('25000', '99999'));
  const badText = await bad.text();
  const problems = [];
  if (good.status !== 200 || goodText !== RECEIVED) problems.push(`signed: ${good.status} ${goodText}`);
  if (bad.status !== 400 || badText !== MISMATCH) problems.push(`tampered: ${bad.status} ${badText}`);
  return problems;
}

async function run(name, start, extra = async () => []) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = start(port);
  let problems;
  try {
    await waitUntilUp(base, proc);
    problems = [...(await deliveries(base)), ...(await extra(base))];
  } catch (e) {
    problems = [e.message];
  } finally {
    proc.kill('SIGTERM');
  }
  for (const p of problems) console.log(`  FAIL ${name}: ${p}`);
  console.log(`example ${name}: ${problems.length === 0 ? 1 : 0} passed, ${problems.length === 0 ? 0 : 1} failed`);
  return problems.length;
}

const work = join(here, 'examples');
mkdirSync(work, { recursive: true });
for (const ex of ['express', 'cloudflare-worker', 'deno', 'hono', 'nextjs', 'lambda']) cpSync(join(repo, 'examples', ex), join(work, ex), { recursive: true });
const env = { ...process.env, KINETIC_WEBHOOK_SECRET: secret, KINETIC_API_KEY: 'sk_test_exampleKey123' };
let failed = 0;

failed += await run('express', (port) => spawn(process.execPath, ['server.mjs'], {
  cwd: join(work, 'express'), env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'],
}), async (base) => {
  const res = await fetch(`${base}/payment-request`);
  const shown = await res.json();
  const ok = res.status === 200 && shown.method === 'POST' && shown.url === 'https://api.kinetic.dev/v1/payments' &&
    shown.headers['Idempotency-Key'] === 'pay_abc123' && shown.body.amount === 25000 &&
    !JSON.stringify(shown).includes('sk_test_exampleKey123');
  return ok ? [] : [`payment request: ${res.status} ${JSON.stringify(shown)}`];
});

// The Worker, bundled as wrangler would, served by workerd with the secret as a text binding.
const out = join(work, 'cloudflare-worker', 'dist');
await build({
  entryPoints: [join(work, 'cloudflare-worker', 'src', 'index.js')],
  bundle: true, format: 'esm', platform: 'neutral', conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'], loader: { '.wasm': 'copy' }, assetNames: '[name]', outdir: out, logLevel: 'warning',
});
failed += await run('cloudflare-worker', (port) => {
  writeFileSync(join(out, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "index.js", esModule = embed "index.js"),
    (name = "kinetic_flow_core_bg.wasm", wasm = embed "kinetic_flow_core_bg.wasm"),
  ],
  bindings = [ (name = "KINETIC_WEBHOOK_SECRET", text = "${secret}") ],
  compatibilityDate = "2025-01-01",
);
`);
  return spawn(join(bin, 'workerd'), ['serve', join(out, 'config.capnp')], { stdio: ['ignore', 'ignore', 'inherit'] });
});

failed += await run('deno', (port) => spawn(join(bin, 'deno'), ['run', '--allow-net=127.0.0.1', '--allow-env', 'main.ts'], {
  cwd: join(work, 'deno'), env: { ...env, PORT: String(port), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' }, stdio: ['ignore', 'ignore', 'inherit'],
}));

failed += await run('hono', (port) => spawn(process.execPath, ['server.mjs'], {
  cwd: join(work, 'hono'), env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'],
}));

// Next.js: `next build`, then `next start`.
const nextEnv = { ...env, NEXT_TELEMETRY_DISABLED: '1' };
const nextBuild = spawnSync(join(bin, 'next'), ['build'], { cwd: join(work, 'nextjs'), env: nextEnv, encoding: 'utf8' });
if (nextBuild.status !== 0) {
  console.log(`  FAIL nextjs: next build: ${(nextBuild.stdout + nextBuild.stderr).slice(-3000)}`);
  console.log('example nextjs: 0 passed, 1 failed');
  failed += 1;
} else {
  failed += await run('nextjs', (port) => spawn(join(bin, 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: join(work, 'nextjs'), env: nextEnv, stdio: ['ignore', 'ignore', 'inherit'],
  }));
}

// Lambda: the handler invoked with a Function URL event (body base64-encoded), as the runtime does.
{
  process.env.KINETIC_WEBHOOK_SECRET = secret;
  const { handler } = await import(pathToFileURL(join(work, 'lambda', 'index.mjs')).href);
  const body = JSON.stringify({ id: 'evt_example1', object: 'event', type: 'payment.completed', data: { object: { id: 'pay_1', object: 'payment', status: 'completed', amount: 25000, currency: 'usd' } } });
  const urlEvent = (b) => ({
    version: '2.0', routeKey: '$default', rawPath: '/', headers: { 'content-type': 'application/json', 'kinetic-signature': webhooks.sign(body, secret) },
    requestContext: { http: { method: 'POST', path: '/' } }, body: Buffer.from(b).toString('base64'), isBase64Encoded: true,
  });
  const good = await handler(urlEvent(body));
  const bad = await handler(urlEvent(body.replace('25000', '99999')));
  const problems = [];
  if (good.statusCode !== 200 || good.body !== RECEIVED) problems.push(`signed: ${JSON.stringify(good)}`);
  if (bad.statusCode !== 400 || bad.body !== MISMATCH) problems.push(`tampered: ${JSON.stringify(bad)}`);
  for (const p of problems) console.log(`  FAIL lambda: ${p}`);
  console.log(`example lambda: ${problems.length === 0 ? 1 : 0} passed, ${problems.length === 0 ? 0 : 1} failed`);
  failed += problems.length === 0 ? 0 : 1;
}

clearTimeout(deadline);
process.exit(failed === 0 ? 0 : 1);
