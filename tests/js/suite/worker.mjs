// The Worker that workerd-run.mjs bundles (esbuild, conditions workerd/worker/browser, as
// wrangler resolves) and serves with `workerd serve`. The vectors run inside workerd.
import * as api from '@kinetic/flow';
import * as wh from '@kinetic/flow/webhooks';
import { webhooksEntryChecks, webhooksHandlerChecks } from './webhooks-entry.mjs';
import { runVectors, macCheck, macAsyncCheck } from './runner.mjs';
import vectors from './vectors.mjs';
import { robustness } from './robustness.mjs';
import { runCallVectors } from './send-runner.mjs';

export default {
  async fetch(request) {
    const { pathname } = new URL(request.url);
    if (pathname === '/vectors') {
      const result = runVectors(api, vectors);
      const mac = [...macCheck(api, 'workerd'), ...(await macAsyncCheck(api, 'workerd'))];
      return Response.json({ entry: api.entry, failed: result.failed, report: result.report('workerd'), mac });
    }
    if (pathname === '/mac') {
      // Which hash computes the MACs in this configuration (?runtime=workerd | workerd-nodejs-compat).
      const runtime = new URL(request.url).searchParams.get('runtime');
      return Response.json([...macCheck(api, runtime), ...macCheck(wh, runtime), ...(await macAsyncCheck(wh, runtime))]);
    }
    if (pathname === '/calls') {
      // Sending inside workerd: the call vectors through an injected fetch, on its timers.
      const result = await runCallVectors(api, vectors);
      return Response.json({ failures: result.failures, report: result.report('workerd') });
    }
    if (pathname === '/webhooks-entry') {
      const r = webhooksEntryChecks(wh, api, vectors, 'workerd');
      const failures = [...r.failures, ...(await webhooksHandlerChecks(wh))];
      return Response.json({ failures, report: `${r.report('workerd webhooks')}\nworkerd webhooks handler: ${failures.length === r.failures.length ? 'ok' : 'FAILED'}` });
    }
    if (pathname === '/robustness') {
      return Response.json(robustness(api));
    }
    if (pathname === '/webhook' && request.method === 'POST') {
      // A real delivery: the raw body as text, the header from the fetch Headers; secrets and
      // clock from the vector case named by x-test-case.
      const c = vectors['webhooks.json'].cases[Number(request.headers.get('x-test-case'))];
      try {
        // ?entry=webhooks: the same delivery through @kinetic/flow/webhooks.
        const hooks = new URL(request.url).searchParams.get('entry') === 'webhooks' ? wh.webhooks : api.webhooks;
        const event = hooks.verify(await request.text(), request.headers, c.secrets, { now: c.now, tolerance: c.tolerance });
        return Response.json({ ok: true, id: event.id, type: event.type });
      } catch (e) {
        return Response.json({ ok: false, flow: e instanceof api.FlowError && e instanceof wh.FlowError, code: e.code }, { status: 400 });
      }
    }
    return new Response('not found', { status: 404 });
  },
};
