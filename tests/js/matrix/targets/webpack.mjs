// webpack 5: the package bundled for Node (target node: the `module` condition gives the entry
// with the bytes inlined; the bundle is run alone from another folder) and for browsers (target
// web: the browser entry, the .wasm emitted as an asset by `new URL(..., import.meta.url)`; the
// page opened in headless Chromium). The same for programs that import only
// `@kinetic/flow/webhooks` (node-webhooks-main.mjs, browser-webhooks.mjs), whose output must
// hold the webhooks module and not the full one; and a one-verify bundle's size (webhooks-min.mjs).
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import webpack from 'webpack';
import { Tally, run, scratch, SECRET, delivery, checkPage, deadline, checkWebhooksOnly, checkNoWasmAsset } from '../lib.mjs';

deadline('webpack', 540_000);

function pack(config) {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true }).slice(0, 3000)));
      resolve(stats);
    });
  });
}

const common = { mode: 'production', context: scratch, resolve: { modules: [join(scratch, 'node_modules'), 'node_modules'] }, performance: { hints: false } };

{
  const t = new Tally('webpack-node');
  await t.step('bundle and run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetic-webpack-node-'));
    try {
      await pack({ ...common, target: 'node20', entry: join(scratch, 'node-main.mjs'), output: { path: dir, filename: 'main.js' } });
      // The bytes are inlined (entry node-bundled, below), so nothing may name the .wasm file:
      // webpack would emit it as an asset nobody loads (it did while the glue's init defaulted to
      // `new URL('…_bg.wasm', import.meta.url)`).
      t.check('the bundle is emitted', readdirSync(dir).includes('main.js'), readdirSync(dir).join(','));
      checkNoWasmAsset(t, 'webpack-node root bundle', readdirSync(dir).map((f) => join(dir, f)));
      const d = await delivery('evt_webpack1');
      for (const [name, body, expect] of [['signed', d.body, 'evt_webpack1'], ['tampered', d.tampered, 'signature_mismatch']]) {
        const r = await run(process.execPath, [join(dir, 'main.js')], { cwd: dir, env: { BODY: body, HEADER: d.header, KINETIC_WEBHOOK_SECRET: SECRET } });
        let out;
        try {
          out = JSON.parse(r.stdout.trim().split('\n').pop());
        } catch {
          throw new Error(`${r.code}: ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 1500)}`);
        }
        if (out.thrown) throw new Error(out.thrown);
        if (name === 'signed') {
          t.equal('the bundle loads the inlined-bytes entry', out.entry, 'node-bundled');
          t.vectors('vectors in the webpack bundle', out);
          t.equal('signed delivery verifies', out.verified, expect);
        } else {
          t.equal('tampered delivery is signature_mismatch', out.verifyError, expect);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  t.finish();
}

/** Serves `dir` on 127.0.0.1 and opens it in headless Chromium (lib.mjs checkPage). */
async function openPage(t, name, dir, entry) {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="/main.js"></script>\n');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer(async (req, res) => {
    try {
      const path = normalize(new URL(req.url, 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
      const body = await readFile(join(dir, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': types[extname(path)] || 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    await checkPage(t, name, `http://127.0.0.1:${server.address().port}/`, entry);
  } finally {
    server.close();
  }
}

{
  const t = new Tally('webpack-browser');
  await t.step('bundle and open in Chromium', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetic-webpack-web-'));
    try {
      await pack({ ...common, target: 'web', entry: join(scratch, 'browser-test.mjs'), output: { path: dir, filename: 'main.js', publicPath: '/' } });
      const files = readdirSync(dir);
      t.check('the .wasm is emitted as an asset', files.some((f) => f.endsWith('.wasm')), files.join(','));
      await openPage(t, 'webpack-browser', dir, 'browser');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  t.finish();
}

{
  const t = new Tally('webpack-node-webhooks');
  await t.step('bundle @kinetic/flow/webhooks for Node and run it alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetic-webpack-node-wh-'));
    try {
      await pack({ ...common, target: 'node20', entry: join(scratch, 'node-webhooks-main.mjs'), output: { path: dir, filename: 'main.js' } });
      // As for the root: the bytes inlined, and no .wasm asset beside them.
      t.check('webhooks: the bundle is emitted', readdirSync(dir).includes('main.js'), readdirSync(dir).join(','));
      checkNoWasmAsset(t, 'webpack-node webhooks bundle', readdirSync(dir).map((f) => join(dir, f)));
      checkWebhooksOnly(t, 'webpack-node webhooks bundle', readdirSync(dir).map((f) => join(dir, f)));
      const d = await delivery('evt_webpackwh1');
      for (const [name, body, expect] of [['signed', d.body, 'evt_webpackwh1'], ['tampered', d.tampered, 'signature_mismatch']]) {
        const r = await run(process.execPath, [join(dir, 'main.js')], { cwd: dir, env: { BODY: body, HEADER: d.header, KINETIC_WEBHOOK_SECRET: SECRET } });
        let out;
        try {
          out = JSON.parse(r.stdout.trim().split('\n').pop());
        } catch {
          throw new Error(`${r.code}: ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 1500)}`);
        }
        if (out.thrown) throw new Error(out.thrown);
        if (name === 'signed') {
          t.equal('webhooks: the bundle loads its inlined-bytes entry', out.entry, 'webhooks-node-bundled');
          t.vectors('webhooks: vectors in the webpack bundle', out);
          t.check('webhooks: MACs hash with node:crypto', out.mac.length === 0, out.mac.join('; '));
          t.check('webhooks: handler answers a signed delivery 200 and a forged one 400', out.handler.length === 0, out.handler.join('; '));
          t.equal('webhooks: signed delivery verifies', out.verified, expect);
        } else {
          t.equal('webhooks: tampered delivery is signature_mismatch', out.verifyError, expect);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  t.finish();
}

{
  const t = new Tally('webpack-browser-webhooks');
  await t.step('bundle @kinetic/flow/webhooks for browsers and open in Chromium', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetic-webpack-web-wh-'));
    try {
      await pack({ ...common, target: 'web', entry: join(scratch, 'browser-webhooks.mjs'), output: { path: dir, filename: 'main.js', publicPath: '/' } });
      const files = readdirSync(dir);
      t.check('webhooks: its .wasm is emitted as an asset', files.some((f) => f.endsWith('.wasm')), files.join(','));
      checkWebhooksOnly(t, 'webpack-browser webhooks bundle', files.map((f) => join(dir, f)));
      await openPage(t, 'webpack-browser-webhooks', dir, 'webhooks-browser');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  await t.step('the smallest bundle (one verify), web and node', async () => {
    for (const target of ['web', 'node20']) {
      const dir = mkdtempSync(join(tmpdir(), 'kinetic-webpack-min-'));
      try {
        await pack({ ...common, target, entry: join(scratch, 'webhooks-min.mjs'), output: { path: dir, filename: 'main.js', publicPath: '/', library: { type: 'module' } }, experiments: { outputModule: true } });
        const files = readdirSync(dir).map((f) => join(dir, f));
        checkWebhooksOnly(t, `webpack ${target} one-verify bundle`, files);
        // For Node the bytes are inlined: no .wasm beside them (the browser build needs its file).
        if (target === 'node20') checkNoWasmAsset(t, `webpack ${target} one-verify bundle`, files);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
  t.finish();
}
