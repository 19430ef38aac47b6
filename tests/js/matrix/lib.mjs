// Shared helpers of the deploy matrix (scripts/test-matrix.sh): processes with deadlines, free
// ports, a tally that prints `<target>: N passed, M failed`, signed and tampered deliveries, and
// headless Chromium (Debian's /usr/bin/chromium through playwright-core).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const matrix = dirname(fileURLToPath(import.meta.url));
export const scratch = join(matrix, 'scratch');
export const tools = join(matrix, 'node_modules');
export const jsTools = join(matrix, '..', 'node_modules');
export const repo = join(matrix, '..', '..', '..');
export const SECRET = 'whsec_matrixTestSecret123';

/** Counts checks; `line()` is the closing line the driver and CI read. */
export class Tally {
  constructor(target) {
    this.target = target;
    this.passed = 0;
    this.failures = [];
  }
  check(name, ok, detail = '') {
    if (ok) this.passed += 1;
    else this.failures.push(`${name}${detail ? `: ${detail}` : ''}`);
  }
  equal(name, actual, expected) {
    this.check(name, actual === expected, `got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
  /** Adds a vector run's counts (from runner.mjs's runVectors, possibly returned as JSON). */
  vectors(name, r) {
    this.passed += r.passed;
    for (const f of r.failures.slice(0, 20)) this.failures.push(`${name}: ${f}`);
    if (r.failures.length > 20) this.failures.push(`${name}: and ${r.failures.length - 20} more failures`);
    if (r.passed === 0) this.failures.push(`${name}: no vector ran`);
  }
  async step(name, fn) {
    try {
      await fn();
    } catch (e) {
      this.failures.push(`${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join(' | ') : e}`);
    }
  }
  finish() {
    for (const f of this.failures) console.log(`  FAIL ${f}`);
    console.log(`${this.target}: ${this.passed} passed, ${this.failures.length} failed`);
    // A target may hold several tallies: one that failed keeps the exit code failed.
    if (this.failures.length > 0) process.exitCode = 1;
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a command to its end (killed after `timeoutMs`); resolves { code, stdout, stderr }. */
export function run(cmd, args, { cwd, env, timeoutMs = 300_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `signal ${signal}` : code, stdout, stderr });
    });
    if (input !== undefined) p.stdin.end(input);
    else p.stdin.end();
  });
}

/** Starts a server process in its own process group; `stop()` ends the group. */
export function start(cmd, args, { cwd, env } = {}) {
  const p = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  p.stdout.on('data', (d) => (output += d));
  p.stderr.on('data', (d) => (output += d));
  return {
    proc: p,
    output: () => output,
    async stop() {
      if (p.exitCode !== null || p.signalCode !== null) return;
      const closed = new Promise((r) => p.on('close', r));
      try {
        process.kill(-p.pid, 'SIGTERM');
      } catch {}
      const t = setTimeout(() => {
        try {
          process.kill(-p.pid, 'SIGKILL');
        } catch {}
      }, 5000);
      await closed;
      clearTimeout(t);
    },
  };
}

/** Polls `url` until it answers (any status), the process exits, or `timeoutMs` passes. */
export async function waitUntilUp(url, server, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(5000) });
      return;
    } catch (e) {
      if (server.proc.exitCode !== null) throw new Error(`exited before answering: ${server.output().slice(-2000)}`);
      if (Date.now() > until) throw new Error(`no answer from ${url}: ${e.message}; output: ${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A payment.completed event body, and its signed header (made with the packed package). */
export async function delivery(id) {
  const { webhooks } = await import(join(scratch, 'node_modules', '@kinetic', 'flow', 'entries', 'node.mjs'));
  const body = JSON.stringify({
    id, object: 'event', type: 'payment.completed', api_version: '2026-04-01', created_at: '2026-04-15T09:14:02Z',
    livemode: false,
    data: { object: { id: 'pay_1a2b3c4d', object: 'payment', status: 'completed', amount: 25000, currency: 'usd' } },
  });
  return { body, header: webhooks.sign(body, SECRET), tampered: body.replace('25000', '99999') };
}

/**
 * Sends `url` a signed delivery (expects 200, `received`) and a tampered one (expects 400 with
 * code signature_mismatch); records both in `tally`.
 */
export async function checkDeliveries(tally, name, url, { extra } = {}) {
  const d = await delivery(`evt_${name.replace(/[^a-z0-9]/gi, '')}`);
  const post = (body) => fetch(url, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'kinetic-signature': d.header },
    signal: AbortSignal.timeout(60_000),
  });
  const good = await post(d.body);
  const goodText = await good.text();
  let goodJson = {};
  try {
    goodJson = JSON.parse(goodText);
  } catch {}
  // A hand-written route answers { received: id }; webhooks.handler() answers { received: true } (SPEC 10).
  const received = goodJson.received === JSON.parse(d.body).id || goodJson.received === true;
  tally.check(`${name}: signed delivery answers 200, received`, good.status === 200 && received,
    `${good.status} ${goodText.slice(0, 300)}`);
  if (extra) extra(goodJson);
  const bad = await post(d.tampered);
  const badText = await bad.text();
  let badJson = {};
  try {
    badJson = JSON.parse(badText);
  } catch {}
  const code = typeof badJson.error === 'object' && badJson.error !== null ? badJson.error.code : badJson.error;
  tally.check(`${name}: tampered delivery answers 400 signature_mismatch`, bad.status === 400 && code === 'signature_mismatch',
    `${bad.status} ${badText.slice(0, 300)}`);
  return goodJson;
}

/**
 * Opens `url` in headless Chromium and waits for `window.__result` (set by browser-test.mjs, or
 * browser-webhooks.mjs for the webhooks subpath alone); records the vectors, the entry,
 * init-before-use, the MAC backend, robustness, the webhooks subpath's checks and page errors.
 */
export async function checkPage(tally, name, url, expectedEntry = 'browser') {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'kinetic-matrix-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000 });
    const r = await page.evaluate(() => window.__result);
    if (r.error) throw new Error(`page failed: ${r.error}`);
    tally.vectors(`${name} vectors`, { passed: r.passed, failures: r.failures });
    tally.equal(`${name}: entry`, r.entry, expectedEntry);
    tally.equal(`${name}: a call before init() is ConfigurationError not_initialized`, r.beforeInit, 'not_initialized');
    tally.check(`${name}: webhook MACs hash in wasm`, r.mac.length === 0, r.mac.join('; '));
    tally.check(`${name}: robustness`, r.robustness.failures.length === 0 && r.robustness.passed > 0, r.robustness.failures.slice(0, 5).join('; '));
    tally.check(`${name}: @kinetic/flow/webhooks checks (entry, vectors, errors, handler)`,
      r.webhooks !== undefined && r.webhooks.failures.length === 0, r.webhooks ? r.webhooks.failures.slice(0, 5).join('; ') : 'not run');
    tally.check(`${name}: no page error`, errors.length === 0, errors.join('; '));
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Fails the whole target when it runs past `ms` (a hung tool must not hang CI). */
export function deadline(target, ms) {
  const t = setTimeout(() => {
    console.log(`${target}: timed out after ${ms / 1000} s`);
    console.log(`${target}: 0 passed, 1 failed`);
    process.exit(1);
  }, ms);
  t.unref();
}

/** The packed package's two .wasm modules, and marks that find either one in a bundle's output. */
export function moduleMarks() {
  const dir = join(scratch, 'node_modules', '@kinetic', 'flow');
  const mark = (file) => {
    const bytes = readFileSync(join(dir, file));
    // 48 bytes from the middle (at a multiple of 3, so its base64 is a substring of the whole
    // file's base64): found as raw bytes in a .wasm asset, as base64 in an inlined copy.
    const at = 3 * Math.floor(bytes.length / 6);
    const raw = bytes.subarray(at, at + 48);
    return { file, size: bytes.length, raw, b64: raw.toString('base64') };
  };
  return { full: mark('kinetic_flow_core_bg.wasm'), webhooks: mark('kinetic_flow_webhooks_bg.wasm') };
}

/** Which of the two modules `files` (a bundle's output) hold, and the output's size. */
export function bundleHolds(files) {
  const m = moduleMarks();
  const out = { full: false, fullName: false, webhooks: false, bytes: 0, gzip: 0, wasmBytes: 0, wasmGzip: 0 };
  for (const f of files) {
    const b = readFileSync(f);
    const gz = gzipSync(b, { level: 9 }).length;
    out.bytes += b.length;
    out.gzip += gz;
    if (f.endsWith('.wasm')) {
      out.wasmBytes += b.length;
      out.wasmGzip += gz;
    }
    const text = b.toString('latin1');
    if (b.includes(m.full.raw) || text.includes(m.full.b64)) out.full = true;
    if (text.includes(m.full.file) || text.includes('kinetic_flow_core.js')) out.fullName = true;
    if (b.includes(m.webhooks.raw) || text.includes(m.webhooks.b64)) out.webhooks = true;
  }
  return out;
}

/**
 * The point of `@kinetic/flow/webhooks`: a bundle of it holds the webhooks module and not the
 * full one (neither its bytes, nor its base64, nor its file name). Records both and prints the
 * output's size.
 */
export function checkWebhooksOnly(tally, name, files) {
  const h = bundleHolds(files);
  tally.check(`${name}: the webhooks module is in the output`, h.webhooks, files.join(', '));
  tally.check(`${name}: the full module is not (its bytes, base64 or file name)`, !h.full && !h.fullName,
    `full bytes: ${h.full}, full name: ${h.fullName}`);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`  ${name}: ${files.length} file(s), ${h.bytes} bytes, ${h.gzip} gzipped (${kib(h.gzip)}` +
    (h.wasmBytes ? `; of which .wasm files ${h.wasmBytes} bytes, ${h.wasmGzip} gzipped (${kib(h.wasmGzip)}))` : ')'));
  return h;
}

/** Every file under `dir` (recursively) for which `keep(path)` holds. */
export function filesUnder(dir, keep = () => true) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * A bundle that inlines the module's bytes must not also ship (or name) a `.wasm` file: webpack and
 * Turbopack emit any `new URL('…_bg.wasm', import.meta.url)` they see as an asset, which nobody
 * loads. Records that `files` (a bundle's output) hold no .wasm file and that no file names one of
 * the package's two, and prints the output's size (BENCHMARKS.md, "No stray .wasm").
 */
export function checkNoWasmAsset(tally, name, files) {
  const wasm = files.filter((f) => f.endsWith('.wasm'));
  const naming = files.filter((f) => !f.endsWith('.wasm') && /kinetic_flow_(core|webhooks)_bg\.wasm/.test(readFileSync(f, 'latin1')));
  tally.check(`${name}: no .wasm file beside the inlined bytes`, wasm.length === 0, wasm.join(', '));
  tally.check(`${name}: no file names a .wasm of the package`, naming.length === 0, naming.join(', '));
  const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
  const wasmBytes = wasm.reduce((n, f) => n + readFileSync(f).length, 0);
  console.log(`  ${name}: ${files.length} file(s), ${bytes} bytes` + (wasm.length ? ` (of which ${wasm.length} .wasm file(s), ${wasmBytes} bytes)` : ''));
}
