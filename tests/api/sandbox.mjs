// The project's one stand-in of the Kinetic Flow API: the `kinetic sandbox` binary (the Rust
// engine behind `kinetic-flow-sandbox`), started by the tests on 127.0.0.1 with `--port 0
// --memory --ready-file`. No rule of the API lives here: this file starts the binary, turns a
// per-request fault schedule into the sandbox's fault rules, and reads its state back through
// the `/_sandbox/...` control routes.
//
// The binary: $KINETIC_BIN, else target/debug/kinetic of this repository (cargo build -p
// kinetic-flow-cli).
//
// Fault schedule kinds (what the sending tests break attempts with) and the sandbox rule each is:
//   lost   drop_after_commit   the payment is made, then the connection closes with no response
//   500    status 500, Retry-After 0, nothing made
//   503    status 503, Retry-After 1, nothing made
//   429    status 429, Retry-After 1, nothing made
//   slow   timeout             the payment is made, no response comes (the client times out)
//   down   fail_before_commit  nothing made, 500
//
// Usage: const api = await startSandbox({ faults: ({ n }) => (n === 1 ? 'lost' : null) });
//        ... api.url ...; await api.refresh(); api.stats.created.payments; await api.close();
//
// As a command: node tests/api/sandbox.mjs [--fault-first KIND] -- <command...> runs the command
// with KINETIC_BASE_URL (and KINETIC_API_KEY, when unset) pointing at a fresh sandbox.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RULES = {
  lost: { kind: 'drop_after_commit' },
  500: { kind: 'status', status: 500, retry_after: 0 },
  503: { kind: 'status', status: 503, retry_after: 1 },
  429: { kind: 'status', status: 429, retry_after: 1 },
  slow: { kind: 'timeout' },
  down: { kind: 'fail_before_commit' },
};

function binary() {
  if (process.env.KINETIC_BIN) return process.env.KINETIC_BIN;
  const built = resolve(dirname(fileURLToPath(import.meta.url)), '../../target/debug/kinetic');
  if (existsSync(built)) return built;
  throw new Error('the kinetic binary was not found: run `cargo build -p kinetic-flow-cli`, or set KINETIC_BIN');
}

/** The sandbox rules for a per-request schedule (`({ n }) => kind | null`), over `horizon` requests. */
export function scheduleRules(faults, horizon = 1000) {
  const rules = [];
  let skip = 0;
  for (let n = 1; n <= horizon; n++) {
    const kind = faults({ n });
    if (!kind) {
      skip += 1;
      continue;
    }
    if (!RULES[kind]) throw new Error(`unknown fault ${kind}`);
    rules.push({ route: '*', ...RULES[kind], skip });
    skip = 0;
  }
  return rules;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function startSandbox(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kinetic-sandbox-'));
  const ready = join(dir, 'ready.json');
  const child = spawn(binary(), ['sandbox', '--port', '0', '--memory', '--json', '--ready-file', ready], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => child.on('exit', r));
  const t0 = Date.now();
  while (!existsSync(ready)) {
    if (child.exitCode !== null) throw new Error(`kinetic sandbox exited ${child.exitCode}: ${log}`);
    if (Date.now() - t0 > 30000) throw new Error(`kinetic sandbox did not start: ${log}`);
    await sleep(10);
  }
  const info = JSON.parse(readFileSync(ready, 'utf8'));
  const url = info.url;
  const control = async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  if (options.faults) {
    const rules = scheduleRules(options.faults, options.horizon);
    if (rules.length) await control('POST', '/_sandbox/faults', rules);
  }
  const server = {
    url,
    apiKey: info.apiKey,
    stats: { requests: 0, replays: 0, conflicts: 0, faults: {}, created: { payments: 0 } },
    payments: new Map(), // id -> payment
    events: new Map(), // id -> event, in order
    keys: new Map(), // idempotency key -> resource id
    get log() {
      return log;
    },
    /** Reads the sandbox's counters, payments, events and keys into the fields above. */
    async refresh() {
      const [s, p, e, k] = await Promise.all([
        control('GET', '/_sandbox/stats'),
        control('GET', '/_sandbox/payments'),
        control('GET', '/_sandbox/events'),
        control('GET', '/_sandbox/idempotency'),
      ]);
      server.stats = {
        requests: s.stats.requests,
        replays: s.stats.replays,
        conflicts: s.stats.conflicts,
        faults: s.stats.faults,
        created: { payments: s.stats.payments_created },
      };
      server.payments = new Map(p.data.map((x) => [x.id, x]));
      server.events = new Map(e.data.map((x) => [x.id, x]));
      server.keys = new Map(k.data.map((x) => [x.key, x.resource]));
      return server;
    },
    /** The resource made with idempotency key `key` (as of the last refresh). */
    resourceFor: (key) => server.keys.get(key),
    /** Faults off: every rule left is dropped. */
    async setFaults(on) {
      if (!on) await control('DELETE', '/_sandbox/faults');
    },
    fault: (rule) => control('POST', '/_sandbox/faults', rule),
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let args = process.argv.slice(2);
  let first = null;
  if (args[0] === '--fault-first') {
    first = args[1];
    args = args.slice(2);
  }
  const cmd = args[0] === '--' ? args.slice(1) : args;
  if (cmd.length === 0) {
    console.error('usage: node tests/api/sandbox.mjs [--fault-first lost|500|503|429|slow|down] -- <command> [args...]');
    process.exit(2);
  }
  const api = await startSandbox({ faults: ({ n }) => (n === 1 ? first : null), horizon: 1 });
  const env = { ...process.env, KINETIC_BASE_URL: api.url };
  env.KINETIC_API_KEY ||= api.apiKey;
  const child = spawn(cmd[0], cmd.slice(1), { stdio: 'inherit', env });
  child.on('exit', async (code, signal) => {
    await api.refresh();
    console.log(`sandbox: ${api.stats.requests} requests, ${api.stats.created.payments} payments created, ${api.stats.replays} replayed`);
    await api.close();
    process.exit(signal ? 1 : code ?? 1);
  });
}
