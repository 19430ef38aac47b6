// Runs in headless Chromium: `await init()` (the .wasm fetched from beside the package over
// HTTP), then the shared vectors and the robustness check. chromium-run.mjs reads window.__result.
import * as api from '@kinetic/flow';
import * as wh from '@kinetic/flow/webhooks';
import { webhooksEntryChecks, webhooksHandlerChecks } from './webhooks-entry.mjs';
import { runVectors, macCheck, macAsyncCheck } from './runner.mjs';
import vectors from './vectors.mjs';
import { robustness } from './robustness.mjs';
import { runCallVectors } from './send-runner.mjs';

try {
  let beforeInit = null;
  try {
    api.coreVersion();
  } catch (e) {
    beforeInit = e instanceof api.ConfigurationError ? e.code : `${e.name}: ${e.message}`;
  }
  await api.init();
  const result = runVectors(api, vectors);
  const r = robustness(api);
  const mac = [...macCheck(api, 'chromium'), ...(await macAsyncCheck(api, 'chromium'))];
  const c = await runCallVectors(api, vectors); // sending, on the browser's timers and AbortController
  const calls = { failures: c.failures, report: c.report('chromium') };
  await wh.init();
  const w = webhooksEntryChecks(wh, api, vectors, 'chromium');
  const handlerFailures = await webhooksHandlerChecks(wh);
  window.__result = {
    entry: api.entry, beforeInit, passed: result.passed, failed: result.failed, failures: result.failures,
    report: result.report('chromium'), robustness: r, mac, calls,
    webhooks: { failures: [...w.failures, ...handlerFailures], report: w.report('chromium webhooks') },
  };
} catch (e) {
  window.__result = { error: `${e && e.name}: ${e && e.message}` };
}
