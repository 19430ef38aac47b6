// webpack 5: the package bundled for Node (target node: the `module` condition gives the entry
// with the bytes inlined; the bundle is run alone from another folder) and for browsers (target
// web: the browser entry, the .wasm emitted as an asset by `new URL(..., import.meta.url)`; the
// page opened in headless Chromium).
import { mkdtempSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import webpack from 'webpack';
import { Tally, run, scratch, SECRET, delivery, checkPage, deadline } from '../lib.mjs';

deadline('webpack', 300_000);

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
      // The root entry's bytes are inlined (entry node-bundled, below); the shared runner also
      // loads @kinetic/flow-core/webhooks, whose Node entry has no inlined variant yet and makes
      // webpack emit its .wasm as an asset beside main.js.
      t.check('the bundle is emitted', readdirSync(dir).includes('main.js'), readdirSync(dir).join(','));
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

{
  const t = new Tally('webpack-browser');
  await t.step('bundle and open in Chromium', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinetic-webpack-web-'));
    try {
      await pack({ ...common, target: 'web', entry: join(scratch, 'browser-test.mjs'), output: { path: dir, filename: 'main.js', publicPath: '/' } });
      const files = readdirSync(dir);
      t.check('the .wasm is emitted as an asset', files.some((f) => f.endsWith('.wasm')), files.join(','));
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
        await checkPage(t, 'webpack-browser', `http://127.0.0.1:${server.address().port}/`);
      } finally {
        server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  t.finish();
}
