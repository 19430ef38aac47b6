// `npx @kinetic/flow sandbox` against `kinetic sandbox` (KINETIC_BIN): the same flags give the
// same banner, the same request lines, the same --json objects and the same stop line (ports,
// keys, request ids and times aside).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const FLAGS = ['--port', '0', '--forward-to', 'http://127.0.0.1:9/hooks', '--secret', 'whsec_cli_compare', '--speed', '10'];

/** Starts a shell, waits for its banner, sends `requests`, stops it; returns its output. */
async function session(cmd, args, json) {
  const child = spawn(cmd[0], [...cmd.slice(1), ...args, ...(json ? ['--json'] : [])], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' }, detached: true });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  let url;
  for (let i = 0; i < 600 && !url; i++) {
    url = out.match(/http:\/\/127\.0\.0\.1:\d+(?=[\s"])/)?.[0];
    if (url && !out.includes('baseUrl') && !json) url = undefined;
    if (!url) await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode !== null) break;
  }
  assert.ok(url, `no banner: ${out}`);
  const key = out.match(/sk_test_[0-9a-f]+/)[0];
  await fetch(`${url}/v1/payments/pay_missing`, { headers: { Authorization: `Bearer ${key}` } });
  await fetch(`${url}/v1/payments`, { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: '{}' });
  await new Promise((r) => setTimeout(r, 200));
  // SIGTERM to the process group, as a terminal's Ctrl-C reaches npx and the server it runs.
  process.kill(-child.pid, 'SIGTERM');
  const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('close', (c, signal) => r(c ?? signal))));
  return { out, code };
}

function normalize(text) {
  return text
    .replace(/http:\/\/127\.0\.0\.1:\d+(?!\/hooks)/g, 'URL')
    .replace(/sk_test_[0-9a-f]+/g, 'KEY')
    .replace(/req_[0-9A-Za-z_]+/g, 'REQ')
    .replace(/\d+\.\d+ ms/g, 'T ms')
    .replace(/"ms":[\d.]+/g, '"ms":T');
}

// `npx @kinetic/flow sandbox` once the package has that name; by its bin before (the tarball is
// installed under the name @kinetic/flow either way, run.sh).
const installed = JSON.parse(readFileSync(new URL('./node_modules/@kinetic/flow/package.json', import.meta.url), 'utf8')).name;
const npx = ['npx', '--offline', '--no', installed === '@kinetic/flow' ? '@kinetic/flow' : 'kinetic-flow', 'sandbox'];
const binary = [process.env.KINETIC_BIN, 'sandbox', '--memory'];

for (const json of [false, true]) {
  test(`the same output ${json ? 'with --json' : 'as text'}`, async () => {
    const a = await session(binary, FLAGS, json);
    const b = await session(npx, FLAGS, json);
    assert.equal(a.code, 0);
    // npx passes SIGTERM on to the server and then ends by it.
    assert.ok(b.code === 0 || b.code === 'SIGTERM', `exit ${b.code}`);
    assert.equal(normalize(b.out), normalize(a.out));
    assert.match(b.out, json ? /"kind":"request"/ : /^401 POST \/v1\/payments /m);
  });
}

test('a bad argument: one line naming the fix, exit 2', async () => {
  const child = spawn(npx[0], [...npx.slice(1), '--speed', 'fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const code = await new Promise((r) => child.once('exit', r));
  assert.equal(code, 2);
  assert.match(err, /--speed takes a whole number/);
});
