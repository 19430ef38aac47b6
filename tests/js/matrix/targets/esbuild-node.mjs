// esbuild-bundled Node functions (AWS Lambda, SST, CDK): the handler bundled with
// `--bundle --platform=node`, ESM and CJS, copied ALONE into an empty folder elsewhere and run
// there: the shared vectors, a signed and a tampered API Gateway delivery. Then the same bundle
// made without the `module` condition (custom --conditions): import must fail with
// ConfigurationError `wasm_not_found` naming the fix, and work once the .wasm is beside it.
// The same for a handler that imports only `@kinetic/flow/webhooks` (webhooks-lambda.mjs),
// whose bundle must hold the webhooks module and not the full one; and the size of the smallest
// webhooks-only bundle (webhooks-min.mjs, minified).
import { mkdtempSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Tally, run, scratch, jsTools, SECRET, delivery, deadline, checkWebhooksOnly } from '../lib.mjs';

const format = process.argv[2]; // esm | cjs
const target = `esbuild-node-${format}`;
deadline(target, 420_000);
const t = new Tally(target);
const esbuild = join(jsTools, '.bin', 'esbuild');
const ext = format === 'esm' ? 'mjs' : 'cjs';
const pkgDir = join(scratch, 'node_modules', '@kinetic', 'flow');
const wasm = join(pkgDir, 'kinetic_flow_core_bg.wasm');
const webhooksWasm = join(pkgDir, 'kinetic_flow_webhooks_bg.wasm');

/** Bundles the handler into a fresh folder outside the repo; returns the folder. */
async function bundle(extraArgs, source = 'lambda-handler.mjs') {
  const dir = mkdtempSync(join(tmpdir(), `kinetic-${target}-`));
  const r = await run(esbuild, [join(scratch, source), '--bundle', '--platform=node', `--format=${format}`,
    '--target=node20', `--outfile=${join(dir, `index.${ext}`)}`, '--log-level=warning', ...extraArgs], { cwd: scratch });
  if (r.code !== 0) throw new Error(`esbuild failed: ${r.stderr}`);
  return dir;
}

/** Invokes the bundle's handler in a fresh Node process whose cwd is the bundle's folder. */
async function invoke(dir, event) {
  const script = `try { const m = await import('./index.${ext}'); const h = m.handler ?? m.default.handler;
      console.log(JSON.stringify(await h(${JSON.stringify(event)}))); }
    catch (e) { console.log(JSON.stringify({ thrown: { name: e.name, code: e.code, message: e.message } })); }`;
  const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { KINETIC_WEBHOOK_SECRET: SECRET } });
  const line = r.stdout.trim().split('\n').pop() || '';
  try {
    return JSON.parse(line);
  } catch {
    return { crashed: `${r.code}: ${r.stderr.slice(0, 1500)}` };
  }
}

await t.step('bundled with default conditions', async () => {
  const dir = await bundle([]);
  try {
    const self = await invoke(dir, { selfTest: true });
    if (self.crashed) throw new Error(self.crashed);
    t.equal('the bundle loads the inlined-bytes entry', self.entry, 'node-bundled');
    t.equal('the default export is the Kinetic class (the docs\' `import Kinetic from`)', self.defaultIsKinetic, true);
    t.vectors('vectors in the bundle', self);
    const d = await delivery('evt_lambda1');
    const good = await invoke(dir, { body: d.body, headers: { 'content-type': 'application/json', 'kinetic-signature': d.header } });
    t.check('signed delivery: 200', good.statusCode === 200 && JSON.parse(good.body).received === 'evt_lambda1', JSON.stringify(good));
    const bad = await invoke(dir, { body: d.tampered, headers: { 'kinetic-signature': d.header } });
    t.check('tampered delivery: 400 signature_mismatch', bad.statusCode === 400 && JSON.parse(bad.body).error === 'signature_mismatch', JSON.stringify(bad));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await t.step('bundled and minified', async () => {
  const dir = await bundle(['--minify']);
  try {
    const self = await invoke(dir, { selfTest: true });
    if (self.crashed || self.thrown) throw new Error(JSON.stringify(self).slice(0, 800));
    t.equal('error names survive the minifier', self.names.join(' '),
      'WebhookVerificationError:true ValidationError:true ConfigurationError:true ApiError:true');
    t.vectors('vectors in the minified bundle', self);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await t.step('bundled without the module condition', async () => {
  const dir = await bundle(['--conditions=production']);
  try {
    const r = await invoke(dir, { selfTest: true });
    const e = r.thrown || {};
    t.check('import fails with ConfigurationError wasm_not_found', e.name === 'ConfigurationError' && e.code === 'wasm_not_found', JSON.stringify(r).slice(0, 500));
    t.check('the message names the fix (the module condition, external, or copy the .wasm)',
      /`module` condition/.test(e.message || '') && /external/.test(e.message || '') && /next to the bundle/.test(e.message || ''), e.message);
    copyFileSync(wasm, join(dir, 'kinetic_flow_core_bg.wasm'));
    const again = await invoke(dir, { selfTest: true });
    if (again.crashed || again.thrown) throw new Error(JSON.stringify(again).slice(0, 800));
    t.equal('with the .wasm beside the bundle, the file-reading entry loads', again.entry, 'node-esm');
    t.vectors('vectors, .wasm beside the bundle', again);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
// @kinetic/flow/webhooks alone.
const parse = (r) => (r && typeof r.body === 'string' ? JSON.parse(r.body) : {});
await t.step('webhooks subpath: bundled with default conditions', async () => {
  const dir = await bundle([], 'webhooks-lambda.mjs');
  try {
    checkWebhooksOnly(t, 'webhooks bundle', [join(dir, `index.${ext}`)]);
    const self = await invoke(dir, { selfTest: true });
    if (self.crashed || self.thrown) throw new Error(JSON.stringify(self).slice(0, 800));
    t.equal('webhooks: the bundle loads its inlined-bytes entry', self.entry, 'webhooks-node-bundled');
    t.vectors('webhooks: vectors in the bundle', self);
    t.check('webhooks: MACs hash with node:crypto in the bundle', self.mac.length === 0, self.mac.join('; '));
    t.check('webhooks: robustness in the bundle', self.robustness.failures.length === 0 && self.robustness.passed > 0, self.robustness.failures.slice(0, 5).join('; '));
    t.equal('webhooks: error names survive the bundler', self.names.join(' '), 'WebhookVerificationError:true WebhookVerificationError:true');
    const d = await delivery('evt_lambdawh1');
    const good = await invoke(dir, { body: d.body, headers: { 'content-type': 'application/json', 'kinetic-signature': d.header } });
    t.check('webhooks: signed delivery, verify: 200', good.statusCode === 200 && parse(good).received === 'evt_lambdawh1', JSON.stringify(good));
    const bad = await invoke(dir, { body: d.tampered, headers: { 'kinetic-signature': d.header } });
    t.check('webhooks: tampered delivery, verify: 400 signature_mismatch', bad.statusCode === 400 && parse(bad).error === 'signature_mismatch', JSON.stringify(bad));
    const viaGood = await invoke(dir, { viaHandler: true, body: Buffer.from(d.body).toString('base64'), isBase64Encoded: true, headers: { 'kinetic-signature': d.header } });
    t.check('webhooks: signed base64 delivery, webhooks.lambda: 200 received, `on` saw the event',
      viaGood.statusCode === 200 && parse(viaGood).received === true && (viaGood.seen || []).join() === 'evt_lambdawh1', JSON.stringify(viaGood));
    const viaBad = await invoke(dir, { viaHandler: true, body: d.tampered, headers: { 'kinetic-signature': d.header } });
    t.check('webhooks: tampered delivery, webhooks.lambda: 400 signature_mismatch, `on` not called',
      viaBad.statusCode === 400 && parse(viaBad).error?.code === 'signature_mismatch' && (viaBad.seen || []).length === 0, JSON.stringify(viaBad));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await t.step('webhooks subpath: bundled without the module condition', async () => {
  const dir = await bundle(['--conditions=production'], 'webhooks-lambda.mjs');
  try {
    const r = await invoke(dir, { selfTest: true });
    const e = r.thrown || {};
    t.check('webhooks: import fails with ConfigurationError wasm_not_found', e.name === 'ConfigurationError' && e.code === 'wasm_not_found', JSON.stringify(r).slice(0, 500));
    t.check('webhooks: the message names its own file and the fix',
      /kinetic_flow_webhooks_bg\.wasm/.test(e.message || '') && !/kinetic_flow_core_bg/.test(e.message || '') &&
        /`module` condition/.test(e.message || '') && /next to the bundle/.test(e.message || ''), e.message);
    copyFileSync(webhooksWasm, join(dir, 'kinetic_flow_webhooks_bg.wasm'));
    const again = await invoke(dir, { selfTest: true });
    if (again.crashed || again.thrown) throw new Error(JSON.stringify(again).slice(0, 800));
    t.equal('webhooks: with its .wasm beside the bundle, the file-reading entry loads', again.entry, 'webhooks-node-esm');
    t.vectors('webhooks: vectors, .wasm beside the bundle', again);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await t.step('webhooks subpath: the smallest bundle (one verify, minified)', async () => {
  const dir = await bundle(['--minify'], 'webhooks-min.mjs');
  try {
    checkWebhooksOnly(t, 'webhooks one-verify bundle, minified', [join(dir, `index.${ext}`)]);
    const d = await delivery('evt_min1');
    const script = `const m = await import('./index.${ext}'); const r = m.receive ?? m.default.receive;
      console.log(JSON.stringify([r(${JSON.stringify(d.body)}, ${JSON.stringify(d.header)}, process.env.S), r(${JSON.stringify(d.tampered)}, ${JSON.stringify(d.header)}, process.env.S)]));`;
    const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { S: SECRET } });
    t.equal('webhooks one-verify bundle: signed verifies, tampered is signature_mismatch', r.stdout.trim(),
      JSON.stringify([{ id: 'evt_min1' }, { error: 'signature_mismatch' }]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
t.finish();
