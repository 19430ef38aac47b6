// Next.js App Router: `next build`, then `next start` on 127.0.0.1; one route handler in the
// Node.js runtime and one in the Edge runtime (tests/js/matrix/next-app), each sent a signed and a
// tampered delivery, and each asked which entry of the package it loaded.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Tally, run, start, scratch, jsTools, SECRET, freePort, waitUntilUp, checkDeliveries, deadline, matrix } from '../lib.mjs';

deadline('next', 600_000);
const t = new Tally('next');
const app = join(scratch, 'next-app');
const next = join(jsTools, 'next', 'dist', 'bin', 'next');

await t.step('next build, next start', async () => {
  rmSync(app, { recursive: true, force: true });
  cpSync(join(matrix, 'next-app'), app, { recursive: true });
  const b = await run(process.execPath, [next, 'build'], { cwd: app, timeoutMs: 480_000 });
  if (b.code !== 0) throw new Error(`next build failed (${b.code}): ${(b.stdout + b.stderr).slice(-4000)}`);
  t.check('next build', true);
  const port = await freePort();
  const server = start(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: app, env: { KINETIC_WEBHOOK_SECRET: SECRET } });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/api/node`, server);
    for (const [route, expected] of [['node', 'node-bundled'], ['edge', 'edge-light']]) {
      const res = await fetch(`${base}/api/${route}`);
      const j = await res.json().catch(() => ({}));
      t.equal(`${route} route loads the ${expected} entry`, j.entry, expected);
      await checkDeliveries(t, `${route} route`, `${base}/api/${route}`);
    }
  } finally {
    await server.stop();
  }
});
t.finish();
