// Vite: the dev server (the page opened in headless Chromium, the package served through Vite's
// dependency optimizer as a user gets it) and `vite build` (the bundle served by `vite preview`,
// opened in Chromium). The browser entry is the one that loads; the .wasm comes from
// `new URL('…_bg.wasm', import.meta.url)`. The same for a page with only
// `@kinetic/flow/webhooks` (vite-webhooks.html), whose build must hold the webhooks module
// and not the full one; and a one-verify build's size (webhooks-min.mjs as a library).
import { join } from 'node:path';
import { rmSync, readdirSync } from 'node:fs';
import { createServer, build, preview } from 'vite';
import { Tally, scratch, freePort, checkPage, deadline, checkWebhooksOnly, filesUnder } from '../lib.mjs';

deadline('vite', 540_000);
const base = { root: scratch, logLevel: 'error', configFile: false, clearScreen: false };

{
  const t = new Tally('vite-dev');
  await t.step('dev server', async () => {
    rmSync(join(scratch, 'node_modules', '.vite'), { recursive: true, force: true });
    const server = await createServer({ ...base, server: { host: '127.0.0.1', port: await freePort(), strictPort: true } });
    await server.listen();
    try {
      const { port } = server.httpServer.address();
      await checkPage(t, 'vite-dev', `http://127.0.0.1:${port}/vite-index.html`);
      await checkPage(t, 'vite-dev webhooks', `http://127.0.0.1:${port}/vite-webhooks.html`, 'webhooks-browser');
    } finally {
      await server.close();
    }
  });
  t.finish();
}

{
  const t = new Tally('vite-build');
  await t.step('build and preview', async () => {
    const outDir = join(scratch, 'vite-dist');
    await build({ ...base, build: { outDir, emptyOutDir: true, rollupOptions: { input: join(scratch, 'vite-index.html') } } });
    const assets = readdirSync(join(outDir, 'assets'));
    t.check('the .wasm is emitted as an asset', assets.some((f) => f.endsWith('.wasm')), assets.join(','));
    const server = await preview({ ...base, build: { outDir }, preview: { host: '127.0.0.1', port: await freePort(), strictPort: true } });
    try {
      const { port } = server.httpServer.address();
      await checkPage(t, 'vite-build', `http://127.0.0.1:${port}/vite-index.html`);
    } finally {
      await server.close();
    }
  });
  t.finish();
}

{
  const t = new Tally('vite-build-webhooks');
  await t.step('build and preview @kinetic/flow/webhooks alone', async () => {
    const outDir = join(scratch, 'vite-dist-webhooks');
    await build({ ...base, build: { outDir, emptyOutDir: true, rollupOptions: { input: join(scratch, 'vite-webhooks.html') } } });
    const assets = readdirSync(join(outDir, 'assets'));
    t.check('webhooks: its .wasm is emitted as an asset', assets.some((f) => f.endsWith('.wasm')), assets.join(','));
    checkWebhooksOnly(t, 'vite webhooks build', filesUnder(outDir));
    const server = await preview({ ...base, build: { outDir }, preview: { host: '127.0.0.1', port: await freePort(), strictPort: true } });
    try {
      const { port } = server.httpServer.address();
      await checkPage(t, 'vite-build webhooks', `http://127.0.0.1:${port}/vite-webhooks.html`, 'webhooks-browser');
    } finally {
      await server.close();
    }
  });
  await t.step('the smallest build (one verify, library mode)', async () => {
    const outDir = join(scratch, 'vite-dist-min');
    await build({ ...base, build: { outDir, emptyOutDir: true, lib: { entry: join(scratch, 'webhooks-min.mjs'), formats: ['es'], fileName: 'min' } } });
    checkWebhooksOnly(t, 'vite one-verify build', filesUnder(outDir));
  });
  t.finish();
}
