// The API docs' quickstart (steps 2 and 3, quickstart.mjs) from the packed tarball, in a fresh
// Node process, against kinetic sandbox; then the docs' own masked account number, refused
// before anything is sent. Prints what the quickstart printed and `quickstart: N passed, M failed`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Kinetic, { ValidationError } from '@kinetic/flow';
import { startSandbox } from './api/sandbox.mjs';

const API_KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
const server = await startSandbox();
let passed = 0;
const failures = [];
const expect = (ok, what) => (ok ? (passed += 1) : failures.push(what));
try {
  const script = fileURLToPath(new URL('./quickstart.mjs', import.meta.url));
  const run = () => new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, KINETIC_API_KEY: API_KEY, KINETIC_BASE_URL: server.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
  const first = await run();
  process.stdout.write(first.stdout.trimEnd().replace(/^/gm, '  quickstart prints: ') + '\n');
  if (first.stderr) process.stderr.write(first.stderr);
  const [id, status, rail] = first.stdout.trim().split('\n');
  expect(first.status === 0, `quickstart exited ${first.status}`);
  expect(/^pay_[a-z0-9]+$/.test(id ?? ''), `payment.id ${id}`);
  expect(status === 'completed', `payment.status ${status}`);
  expect(rail === 'fednow', `payment.rail ${rail}`);
  const made = (await server.refresh()).payments.get(id);
  expect(made !== undefined && made.amount === 25000 && made.destination.account_number === '****7890', 'the sandbox holds the payment');

  // Run again: the same idempotency key replays the same payment, no second one.
  const second = await run();
  await server.refresh();
  expect(second.stdout.trim().split('\n')[0] === id, `second run printed ${second.stdout.split('\n')[0]}`);
  expect(server.stats.created.payments === 1 && server.stats.replays === 1, `payments ${server.stats.created.payments}, replays ${server.stats.replays}`);

  // The docs' example as printed, account_number '****7890': refused before any request.
  const before = server.stats.requests;
  const flow = new Kinetic({ apiKey: API_KEY, baseUrl: server.url });
  try {
    await flow.payments.create({
      amount: 25000, currency: 'usd', rail: 'auto',
      destination: { routing_number: '021000021', account_number: '****7890' },
      idempotencyKey: 'pay_abc123',
    });
    expect(false, 'the masked account number was accepted');
  } catch (e) {
    expect(e instanceof ValidationError && e.errors.some((f) => f.code === 'masked_account_number' && f.param === 'destination.account_number'), `masked: ${e && e.code}`);
    console.log(`  the docs' '****7890': ${e.name} ${e.errors.map((f) => `${f.param} ${f.code}`).join(', ')}`);
  }
  expect((await server.refresh()).stats.requests === before, 'a request was sent for invalid params');
} finally {
  await server.close();
}
for (const f of failures) console.log(`  FAILED: ${f}`);
console.log(`quickstart: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
