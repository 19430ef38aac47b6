// The two shells of one sandbox engine, behind one face, for the shared suite (shared.test.mjs):
// `binary`: the `kinetic sandbox` command (cargo-built; KINETIC_BIN), driven over HTTP and its
// /_sandbox control routes; `npm`: createSandbox from @kinetic/flow/sandbox, in this process.
// SANDBOX_SHELL picks one.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const shell = process.env.SANDBOX_SHELL ?? 'npm';

async function control(url, method, path, value) {
  const res = await fetch(url + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: value === undefined ? undefined : JSON.stringify(value),
  });
  const body = await res.json();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function startBinary({ forwardTo, secret, speed = 1 }) {
  const bin = process.env.KINETIC_BIN;
  if (!bin) throw new Error('KINETIC_BIN: the path of the kinetic binary');
  const dir = mkdtempSync(join(tmpdir(), 'kinetic-sandbox-'));
  const ready = join(dir, 'ready.json');
  const args = ['sandbox', '--port', '0', '--memory', '--ready-file', ready, '--json', '--speed', String(speed)];
  for (const u of [].concat(forwardTo ?? [])) args.push('--forward-to', u);
  if (secret) args.push('--secret', secret);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let info;
  for (let i = 0; i < 300 && !info; i++) {
    try { info = JSON.parse(readFileSync(ready, 'utf8')); } catch { await new Promise((r) => setTimeout(r, 50)); }
    if (child.exitCode !== null) throw new Error(`kinetic sandbox exited ${child.exitCode}: ${output}`);
  }
  if (!info) { child.kill('SIGKILL'); throw new Error(`kinetic sandbox did not get ready: ${output}`); }
  const url = info.url;
  return {
    url,
    apiKey: info.apiKey,
    secret: info.endpoints[0]?.secret,
    advance: (seconds) => control(url, 'POST', '/_sandbox/clock/advance', { seconds }),
    fault: (rule) => control(url, 'POST', '/_sandbox/faults', rule),
    deliveries: async () => (await control(url, 'GET', '/_sandbox/deliveries')).data,
    reset: () => control(url, 'DELETE', '/_sandbox/data'),
    output: () => output,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startNpm(options) {
  const { createSandbox } = await import('@kinetic/flow/sandbox');
  const lines = [];
  const sandbox = await createSandbox({ ...options, log: (e) => lines.push(JSON.stringify(e)) });
  return Object.assign(sandbox, { output: () => lines.join('\n') });
}

/** Starts the shell under test. */
export function startSandbox(options = {}) {
  return shell === 'binary' ? startBinary(options) : startNpm(options);
}
