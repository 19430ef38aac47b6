// Deno: `deno test` with no permission flags, against the packed package in node_modules.
import * as api from '@kinetic/flow';
import * as wh from '@kinetic/flow/webhooks';
import { webhooksEntryChecks, webhooksHandlerChecks } from './webhooks-entry.mjs';
import { runVectors, EXPECTED_ENTRY, macCheck, macAsyncCheck } from './runner.mjs';
import vectors from './vectors.mjs';

Deno.test('deno loads the `deno` entry', () => {
  if (api.entry !== EXPECTED_ENTRY.deno) throw new Error(`loaded entry ${api.entry}`);
});

Deno.test('deno: webhook MACs by node:crypto (process.getBuiltinModule), never the wasm SHA-256', async () => {
  const failures = [...macCheck(api, 'deno'), ...(await macAsyncCheck(api, 'deno'))];
  if (failures.length !== 0) throw new Error(failures.join('\n'));
});

Deno.test('deno: shared vectors', () => {
  const result = runVectors(api, vectors);
  console.log(result.report('deno'));
  if (result.failed !== 0 || result.passed === 0) throw new Error(result.failures.join('\n'));
});

Deno.test('deno: every export survives every JS type, and verifies afterwards', async () => {
  const { robustness } = await import('./robustness.mjs');
  const r = robustness(api);
  for (const f of r.failures) console.log(`  FAIL ${f}`);
  console.log(`deno robustness: ${r.passed} passed, ${r.failures.length} failed`);
  if (r.failures.length !== 0) throw new Error(r.failures.join('\n'));
});

Deno.test('deno: @kinetic/flow/webhooks (the webhooks-only module)', async () => {
  const r = webhooksEntryChecks(wh, api, vectors, 'deno');
  console.log(r.report('deno webhooks'));
  if (r.failed !== 0) throw new Error(r.failures.join('\n'));
  const h = await webhooksHandlerChecks(wh);
  if (h.length !== 0) throw new Error(h.join('\n'));
});
