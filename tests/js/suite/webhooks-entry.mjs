// The webhooks-only entry, `@kinetic/flow/webhooks` (its own small wasm module), checked in
// every runtime by the same code: the entry that loaded, the shared webhook vectors, the SHA-256
// the runtime must use, every JS type thrown at each export, and that its errors are the root
// entry's classes. Returns { passed, failures, line(name) } like runVectors.
import { runVectors, EXPECTED_ENTRY, macCheck } from './runner.mjs';
import { robustness } from './robustness.mjs';

export function webhooksEntryChecks(wh, root, vectors, runtime) {
  const failures = [];
  let passed = 0;
  const check = (name, ok, detail) => {
    if (ok) passed += 1;
    else failures.push(`${name}${detail === undefined ? '' : `: ${detail}`}`);
  };
  check('entry', wh.entry === `webhooks-${EXPECTED_ENTRY[runtime]}`, `loaded ${wh.entry}`);
  check('no root exports', wh.Kinetic === undefined && wh.validatePayment === undefined);
  check('named exports are webhooks.*', wh.verify === wh.webhooks.verify && wh.verifySignature === wh.webhooks.verifySignature && wh.sign === wh.webhooks.sign);
  const v = runVectors(wh, { 'webhooks.json': vectors['webhooks.json'] });
  passed += v.passed;
  failures.push(...v.failures);
  check('vectors ran', v.passed > 0);
  for (const f of macCheck(wh, runtime)) failures.push(f);
  passed += 1;
  const r = robustness(wh);
  passed += r.passed;
  failures.push(...r.failures);
  // The same answers as the root entry, and errors of the same classes.
  const body = '{"id":"evt_same","type":"refund.created","data":{"object":{}}}';
  const header = root.webhooks.sign(body, 'whsec_same', { timestamp: 1000 });
  check('sign agrees with the root entry', wh.sign(body, 'whsec_same', { timestamp: 1000 }) === header);
  check('verify agrees with the root entry', JSON.stringify(wh.verify(body, header, 'whsec_same', { now: 1000 })) === JSON.stringify(root.webhooks.verify(body, header, 'whsec_same', { now: 1000 })));
  for (const [what, payload] of [['signature', body.replace('evt_same', 'evt_other')], ['event', '{"id":1}']]) {
    const h = what === 'event' ? root.webhooks.sign(payload, 'whsec_same', { timestamp: 1000 }) : header;
    let a;
    let b;
    try {
      wh.verify(payload, h, 'whsec_same', { now: 1000 });
    } catch (e) {
      a = e;
    }
    try {
      root.webhooks.verify(payload, h, 'whsec_same', { now: 1000 });
    } catch (e) {
      b = e;
    }
    check(`${what} error: same code and message as the root entry`, a !== undefined && b !== undefined && a.code === b.code && a.message === b.message, `${a && a.code} / ${b && b.code}`);
    check(`${what} error: instanceof the root entry's classes`, a instanceof root.WebhookVerificationError && a instanceof root.FlowError);
  }
  return {
    passed,
    failed: failures.length,
    failures,
    line(name) {
      return `${name}: ${passed} passed, ${failures.length} failed`;
    },
    report(name) {
      return [...failures.map((f) => `  FAIL ${f}`), this.line(name)].join('\n');
    },
  };
}

/**
 * The handlers of the webhooks-only entry (lib/handlers.js over its own verify): a signed
 * delivery is handled (200, the `on` function saw the event), a forged one is 400. Runs where
 * `Request` and `Response` exist (Node 18+, Deno, workerd, browsers).
 */
export async function webhooksHandlerChecks(wh) {
  const failures = [];
  const secret = 'whsec_handler_check';
  const body = '{"id":"evt_h","type":"payment.completed","data":{"object":{}}}';
  const now = Math.floor(Date.now() / 1000);
  const seen = [];
  const handle = wh.webhooks.handler({ secret, on: { 'payment.completed': (event) => { seen.push(event.id); } }, onError: () => {} });
  const post = (signature) =>
    handle(new Request('http://localhost/webhooks', { method: 'POST', body, headers: { 'content-type': 'application/json', 'kinetic-signature': signature } }));
  const good = await post(wh.sign(body, secret, { timestamp: now }));
  if (good.status !== 200 || seen.join() !== 'evt_h') failures.push(`handler: good delivery answered ${good.status}, saw ${seen.join()}`);
  const bad = await post(wh.sign(body, 'whsec_someone_else', { timestamp: now }));
  if (bad.status !== 400) failures.push(`handler: forged delivery answered ${bad.status}`);
  else if ((await bad.json()).error?.code !== 'signature_mismatch') failures.push('handler: forged delivery code');
  if (typeof wh.webhooks.middleware !== 'function' || typeof wh.webhooks.lambda !== 'function') failures.push('middleware/lambda missing');
  return failures;
}
