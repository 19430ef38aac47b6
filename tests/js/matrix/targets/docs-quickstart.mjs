// The API docs' quickstart (steps 2 to 4, fixtures/docs-quickstart/quickstart.mts) as written:
// compiled by tsc --strict (module nodenext, Node's and Express's declarations) against the packed
// package, then run by Node against kinetic sandbox (the docs' client has no baseUrl: a preload
// sends its requests to the sandbox).
//   1. As written: the docs' masked account number '****7890' is refused before anything is sent
//      (ValidationError masked_account_number), so the script stops at step 3.
//   2. With the whole account number (the one change): the payment is made and printed as the
//      docs print it; step 4's Express route then gets a signed delivery (webhooks.testDelivery)
//      and, as written (no body parser, so Express 5 leaves req.body undefined), answers 500 with
//      a log line that says what happened and how to fix it in Express.
// Prints `docs-quickstart: N passed, M failed`.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../../..');
const scratch = join(here, '../scratch');
const dir = join(scratch, 'docs-quickstart');
const tsc = join(root, 'tests/js/node_modules/.bin/tsc');
const { startSandbox } = await import(join(root, 'tests/api/sandbox.mjs'));
const { webhooks } = await import(join(scratch, 'node_modules/@kinetic/flow/entries/node.mjs'));

let passed = 0;
const failures = [];
const expect = (ok, what) => (ok ? (passed += 1) : failures.push(what));

rmSync(dir, { recursive: true, force: true });
cpSync(join(here, '../fixtures/docs-quickstart'), dir, { recursive: true });
const compiled = spawnSync(tsc, ['-p', '.'], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
process.stdout.write(compiled.stdout + compiled.stderr);
expect(compiled.status === 0, `tsc --strict exited ${compiled.status}`);
const script = join(dir, 'out/quickstart.mjs');

const SECRET = 'whsec_docs_quickstart_secret';
const sandbox = await startSandbox();

/** Runs the compiled quickstart until it prints `listening PORT` (or exits); returns its output. */
function run(file) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', join(dir, 'redirect.mjs'), file], {
      cwd: dir,
      env: { ...process.env, KINETIC_API_KEY: sandbox.apiKey, KINETIC_SANDBOX_URL: sandbox.url, WEBHOOK_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '', status: null, port: undefined, child };
    const timer = setTimeout(() => child.kill(), 60_000);
    child.stdout.on('data', (d) => {
      out.stdout += d;
      const m = /listening (\d+)/.exec(out.stdout);
      if (m && out.port === undefined) {
        out.port = Number(m[1]);
        resolve(out);
      }
    });
    child.stderr.on('data', (d) => (out.stderr += d));
    child.on('exit', (status) => {
      clearTimeout(timer);
      out.status = status;
      resolve(out);
    });
  });
}

try {
  if (compiled.status === 0) {
    // 1. As written.
    await sandbox.refresh();
    const before = sandbox.stats.requests;
    const asWritten = await run(script);
    console.log(`  as written: exit ${asWritten.status}; ${asWritten.stderr.split('\n').find((l) => l.includes('masked')) ?? asWritten.stderr.slice(0, 300)}`);
    expect(asWritten.status !== 0 && asWritten.port === undefined, 'the masked account number was accepted');
    expect(/ValidationError/.test(asWritten.stderr) && /destination\.account_number is masked/.test(asWritten.stderr), 'the refusal names the field and says it is masked');
    await sandbox.refresh();
    expect(sandbox.stats.requests === before, 'a request was sent for a masked account number');

    // 2. With the whole account number.
    const whole = join(dir, 'out/quickstart-whole.mjs');
    const js = readFileSync(script, 'utf8');
    expect(js.includes("account_number: '****7890'"), 'the compiled script has the docs account number');
    writeFileSync(whole, js.replace("account_number: '****7890'", "account_number: '000123457890'"));
    const r = await run(whole);
    const [id, status, rail] = r.stdout.trim().split('\n');
    console.log(`  with a whole account number: ${id} ${status} ${rail}`);
    expect(/^pay_[A-Za-z0-9]+$/.test(id ?? ''), `payment.id ${id}`);
    expect(status === 'completed' && rail === 'fednow', `payment ${status} ${rail}`);
    if (r.port !== undefined) {
      // Step 4 as written: a signed delivery, and no body parser on the route.
      const { body, headers } = webhooks.testDelivery('payment.completed', { secret: SECRET });
      const res = await fetch(`http://127.0.0.1:${r.port}/webhooks/flow`, { method: 'POST', body, headers });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const line = r.stderr.split('\n').find((l) => l.includes('WebhookVerificationError')) ?? r.stderr.slice(0, 400);
      console.log(`  step 4 as written: ${res.status}; ${line}`);
      expect(res.status === 500, `the route answered ${res.status}`);
      expect(/No body was read: the webhook payload is undefined\./.test(r.stderr), 'the message says no body was read');
      expect(/express\.raw\(\{ type: 'application\/json' \}\)/.test(r.stderr) && !/request\.text|axum|Rust/.test(r.stderr), 'the advice is Express\'s, and only Express\'s');
      r.child.kill();
    } else {
      expect(false, `the quickstart did not start its server: ${r.stderr.slice(0, 500)}`);
    }
  }
} finally {
  await sandbox.close();
}
for (const f of failures) console.log(`  FAILED: ${f}`);
console.log(`docs-quickstart: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
