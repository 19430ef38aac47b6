// Next.js App Router: `next build`, then `next start` on 127.0.0.1; one route handler in the
// Node.js runtime and one in the Edge runtime (tests/js/matrix/next-app), each sent a signed and a
// tampered delivery, and each asked which entry of the package it loaded. The same for two routes
// with only `@kinetic/flow/webhooks` and `webhooks.handler`; the files each of those deploys
// (the Edge function's files and wasm from middleware-manifest.json, the Node.js route's traced
// files from its .nft.json) must hold the webhooks module and not the full one.
import { cpSync, rmSync, readFileSync, statSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { Tally, run, start, scratch, jsTools, SECRET, freePort, waitUntilUp, checkDeliveries, deadline, matrix, checkWebhooksOnly, filesUnder } from '../lib.mjs';

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
  const dotNext = join(app, '.next');
  const edge = JSON.parse(readFileSync(join(dotNext, 'server', 'middleware-manifest.json'), 'utf8')).functions['/api/webhooks-edge/route'];
  if (!edge) throw new Error('no Edge function /api/webhooks-edge/route in middleware-manifest.json');
  checkWebhooksOnly(t, 'next Edge function of /api/webhooks-edge', [...edge.files, ...edge.wasm.map((w) => w.filePath)].map((f) => join(dotNext, f)));
  const nft = join(dotNext, 'server', 'app', 'api', 'webhooks-node', 'route.js.nft.json');
  const traced = JSON.parse(readFileSync(nft, 'utf8')).files.filter((f) => !f.includes('node_modules/')).map((f) => resolve(dirname(nft), f));
  checkWebhooksOnly(t, 'next Node.js route /api/webhooks-node (its traced files)', [join(dirname(nft), 'route.js'), ...traced]);
  // The Node.js routes get the entry with the bytes inlined: the build must hold no .wasm file
  // but those the Edge functions load (middleware-manifest.json's `wasm`), which really are used.
  // Turbopack emitted the root module once more (the glue's default `new URL('…_bg.wasm',
  // import.meta.url)`) until build-pkg.sh removed that default.
  const manifest = JSON.parse(readFileSync(join(dotNext, 'server', 'middleware-manifest.json'), 'utf8'));
  const used = new Set(Object.values(manifest.functions).flatMap((f) => (f.wasm ?? []).map((w) => resolve(dotNext, w.filePath))));
  const built = filesUnder(dotNext, (f) => !f.startsWith(join(dotNext, 'cache')));
  const wasm = built.filter((f) => f.endsWith('.wasm'));
  const stray = wasm.filter((f) => !used.has(f));
  t.check('next build: every .wasm file is one an Edge function loads', stray.length === 0, stray.map((f) => f.slice(dotNext.length + 1)).join(', '));
  t.check('next build: the Edge functions\' .wasm files are there', [...used].every((f) => wasm.includes(f)), [...used].join(', '));
  const size = (list) => list.reduce((n, f) => n + statSync(f).size, 0);
  console.log(`  next build (.next without cache): ${built.length} files, ${size(built)} bytes; .wasm: ${wasm.length} file(s), ${size(wasm)} bytes, of which not loaded by an Edge function: ${stray.length}, ${size(stray)} bytes`);
  const nodeRoute = join(dotNext, 'server', 'app', 'api', 'node', 'route.js.nft.json');
  const nodeTraced = JSON.parse(readFileSync(nodeRoute, 'utf8')).files.filter((f) => f.endsWith('.wasm') && !f.includes('node_modules/'));
  t.check('next Node.js route /api/node: its traced files hold no .wasm', nodeTraced.length === 0, nodeTraced.join(', '));
  const port = await freePort();
  const server = start(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], { cwd: app, env: { KINETIC_WEBHOOK_SECRET: SECRET } });
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/api/node`, server);
    for (const [route, expected] of [['node', 'node-bundled'], ['edge', 'edge-light']]) {
      const res = await fetch(`${base}/api/${route}`);
      const j = await res.json().catch(() => ({}));
      t.equal(`${route} route loads the ${expected} entry`, j.entry, expected);
      t.equal(`${route} route: the default export is the Kinetic class`, j.defaultIsKinetic, true);
      await checkDeliveries(t, `${route} route`, `${base}/api/${route}`);
    }
    // @kinetic/flow/webhooks alone, through webhooks.handler.
    for (const [route, expected] of [['webhooks-node', 'webhooks-node-bundled'], ['webhooks-edge', 'webhooks-edge-light']]) {
      const url = `${base}/api/${route}`;
      const before = await (await fetch(url)).json().catch(() => ({}));
      t.equal(`${route} route loads the ${expected} entry`, before.entry, expected);
      await checkDeliveries(t, `${route} route`, url);
      const after = await (await fetch(url)).json().catch(() => ({}));
      t.equal(`${route} route: \`on\` saw the signed delivery only`, JSON.stringify(after.seen), JSON.stringify([`evt_${route.replace(/[^a-z0-9]/gi, '')}route`]));
    }
  } finally {
    await server.stop();
  }
});
t.finish();
