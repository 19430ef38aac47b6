// Headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): serves this scratch
// project on 127.0.0.1, opens browser.html, which loads the package through an import map made
// from the package's `exports` (browser condition), and reads the results the page leaves.
import { createServer } from 'node:http';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, extname, dirname, normalize } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, 'node_modules', '@kinetic', 'flow');
const exportsMap = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).exports;
const browserEntry = (subpath) => exportsMap[subpath].browser.default.replace(/^\.\//, '');
const importMap = JSON.stringify({
  imports: {
    '@kinetic/flow': `/node_modules/@kinetic/flow/${browserEntry('.')}`,
    '@kinetic/flow/webhooks': `/node_modules/@kinetic/flow/${browserEntry('./webhooks')}`,
  },
});

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const server = createServer(async (req, res) => {
  try {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let body = await readFile(join(here, path));
    if (path.endsWith('browser.html')) body = body.toString().replace('IMPORT_MAP', importMap);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/browser.html`;

const profile = await mkdtemp(join(tmpdir(), 'kinetic-chromium-'));
const killer = setTimeout(() => {
  console.error('chromium: timed out');
  process.exit(1);
}, 180_000);
let failed = 0;
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 120_000 });
  const r = await page.evaluate(() => window.__result);
  if (r.error) throw new Error(`page failed: ${r.error}`);
  console.log(r.report);
  failed += r.failed;
  if (r.entry !== 'browser') {
    console.log(`chromium: loaded entry ${r.entry}, expected browser`);
    failed += 1;
  }
  if (r.beforeInit !== 'not_initialized') {
    console.log(`chromium: a call before init() gave ${r.beforeInit}, expected ConfigurationError not_initialized`);
    failed += 1;
  }
  for (const f of r.mac) console.log(`  FAIL ${f}`);
  console.log(`chromium mac: ${r.mac.length === 0 ? 'wasm for verify, SubtleCrypto for verifyAsync, as expected' : 'wrong backend'}`);
  failed += r.mac.length;
  for (const f of r.calls.failures) console.log(`  FAIL call vector: ${f}`);
  console.log(r.calls.report);
  failed += r.calls.failures.length;
  for (const f of r.robustness.failures) console.log(`  FAIL robustness: ${f}`);
  console.log(`chromium robustness: ${r.robustness.passed} passed, ${r.robustness.failures.length} failed`);
  failed += r.robustness.failures.length;
  console.log(r.webhooks.report);
  failed += r.webhooks.failures.length;
  for (const e of errors) console.log(`  page error: ${e}`);
  failed += errors.length;
} finally {
  clearTimeout(killer);
  await context.close();
  server.close();
  await rm(profile, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);
