// Node only: webhook MACs on node:crypto's SHA-256 (lib/mac.js), run against the ESM and the CJS
// entry. The core keeps the rules and the HMAC construction; these checks hold the host path to
// the same answers as the wasm path and to an independent createHmac (key lengths around the
// 64-byte block, non-ASCII keys), and through everything that moves verifier handles around
// (cache eviction, uncached verifiers, an instance restart).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';

// The host hashes once per HMAC (the inner hash; the outer one is a single compression in wasm).
const hostMacs = (api) => api.__macBackend().calls;

/** The header an independent implementation (createHmac with the secret string) would send. */
function expectedHeader(body, secret, t) {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex')}`;
}

function mismatch(api, fn) {
  assert.throws(fn, (e) => e instanceof api.WebhookVerificationError && e.code === 'signature_mismatch');
}

export function nodeMacChecks(api) {
  assert.equal(api.__macBackend().backend, 'node:crypto');
  let before;
  const body = '{"id":"evt_node","type":"payment.created","data":{"object":{}}}';

  // The core's signing (wasm SHA-256) equals createHmac: short, long (> 64 bytes: hashed key)
  // and non-ASCII secrets (the key is the UTF-8). Verification then goes through node:crypto.
  for (const secret of ['whsec_a', `whsec_${'k'.repeat(100)}`, 'whsec_clé_ü_€_𝄞']) {
    const header = api.webhooks.sign(body, secret, { timestamp: 1000 });
    assert.equal(header, expectedHeader(body, secret, 1000), secret);
    const before = hostMacs(api);
    assert.equal(api.webhooks.verify(Buffer.from(body), header, secret, { now: 1000 }).id, 'evt_node');
    assert.equal(api.webhooks.verify(body, header, secret, { now: 1000 }).id, 'evt_node');
    assert.equal(hostMacs(api) - before, 2, 'one node:crypto HMAC per verify');
    mismatch(api, () => api.webhooks.verify(body, header, `${secret}x`, { now: 1000 }));
  }

  // Differential, through the host path: headers made by createHmac (not by the core) for keys
  // of 0..130 bytes (the 64-byte block edge; longer keys are hashed first) and bodies of 0..300
  // bytes are accepted, and with one bit flipped refused.
  let seed = 7;
  const rand = (n) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  for (let i = 0; i < 200; i++) {
    const len = [0, 1, 57, 58, 59, 63, 64, 65, 66, 127, 128, 129, 130][i % 13];
    const secret = `whsec_${Array.from({ length: len }, () => String.fromCharCode(33 + rand(94))).join('')}`;
    const payload = Buffer.from(Array.from({ length: rand(300) }, () => rand(256)));
    const t = 1000 + rand(100);
    const header = expectedHeader(payload, secret, t);
    before = hostMacs(api);
    assert.equal(api.webhooks.verifySignature(payload, header, secret, { now: t }).secretIndex, 0, `key of ${secret.length} bytes`);
    assert.equal(hostMacs(api) - before, 1);
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
    mismatch(api, () => api.webhooks.verifySignature(payload, flipped, secret, { now: t }));
  }

  // Rotation: each secret is tried in order; the index is the core's.
  const rotated = api.webhooks.sign(body, 'whsec_new', { timestamp: 1000 });
  before = hostMacs(api);
  assert.equal(api.webhooks.verifySignature(body, rotated, ['whsec_old', 'whsec_new'], { now: 1000 }).secretIndex, 1);
  assert.equal(hostMacs(api) - before, 2);

  // Order and errors stay the core's: an authentic but old delivery, then the evidence hint
  // (trailing whitespace) found through the host MAC as well.
  assert.throws(
    () => api.webhooks.verify(body, rotated, 'whsec_new', { now: 5000 }),
    (e) => e.code === 'timestamp_outside_tolerance' && e.timestamp === 1000 && e.now === 5000,
  );
  assert.throws(
    () => api.webhooks.verify(`${body}\n`, rotated, 'whsec_new', { now: 1000 }),
    (e) => e.code === 'signature_mismatch' && /trailing whitespace/.test(e.message),
  );

  // A mismatch is explained with the same host MACs: the `whsec_` prefix hint costs one more
  // host MAC per secret (the variants), not a second verification in wasm.
  const unprefixed = expectedHeader(body, 'abc', 1000);
  before = hostMacs(api);
  assert.throws(
    () => api.webhooks.verify(body, unprefixed, 'whsec_abc', { now: 1000 }),
    (e) => e.code === 'signature_mismatch' && /`whsec_` prefix/.test(e.message),
  );
  assert.equal(hostMacs(api) - before, 2);

  // Handles are reused as the 16-verifier cache evicts: a handle's keys are never the previous
  // owner's. Secret i must accept its own delivery and refuse secret i-1's.
  let previous;
  for (let i = 0; i < 40; i++) {
    const secret = `whsec_churn_${i}`;
    const header = api.webhooks.sign(body, secret, { timestamp: 1000 });
    before = hostMacs(api);
    assert.equal(api.webhooks.verify(body, header, secret, { now: 1000 }).id, 'evt_node');
    assert.equal(hostMacs(api) - before, 1);
    if (previous !== undefined) mismatch(api, () => api.webhooks.verify(body, previous, secret, { now: 1000 }));
    previous = header;
  }

  // An uncached verifier (secrets too long to be a cache key) is freed after each call; the
  // next verifier on its handle does not inherit its key.
  const huge = `whsec_${'h'.repeat(5000)}`;
  const hugeHeader = api.webhooks.sign(body, huge, { timestamp: 1000 });
  for (let i = 0; i < 3; i++) {
    before = hostMacs(api);
    assert.equal(api.webhooks.verify(body, hugeHeader, huge, { now: 1000 }).id, 'evt_node');
    assert.equal(hostMacs(api) - before, 1);
    mismatch(api, () => api.webhooks.verify(body, hugeHeader, `whsec_fresh_${i}`, { now: 1000 }));
  }

  // An instance restart drops every handle and every host key: afterwards a new verifier on a
  // reused handle refuses the old secret's deliveries, and the old secret still verifies.
  const old = api.webhooks.sign(body, 'whsec_before_restart', { timestamp: 1000 });
  assert.equal(api.webhooks.verify(body, old, 'whsec_before_restart', { now: 1000 }).id, 'evt_node');
  const restarts = api.__recoveries();
  const limits = new Proxy({}, { ownKeys() { throw new Error('keys'); } });
  assert.throws(() => api.validatePayment({ amount: 1 }, { limits }), (e) => e.code === 'internal_error');
  assert.equal(api.__recoveries(), restarts + 1);
  mismatch(api, () => api.webhooks.verify(body, old, 'whsec_after_restart', { now: 1000 }));
  before = hostMacs(api);
  assert.equal(api.webhooks.verify(body, old, 'whsec_before_restart', { now: 1000 }).id, 'evt_node');
  assert.equal(hostMacs(api) - before, 1, 'still node:crypto after a restart');
}
