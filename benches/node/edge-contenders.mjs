// The contenders of the workerd benchmark (workerd.mjs runs them inside workerd, with and without
// nodejs_compat): one verify of a `size`-byte event by each, on the runtime's own hash where a
// peer uses it, and the floors. runtimes.mjs (Node, Bun, Deno) shares eventBody and SECRET.
import * as full from '@kinetic/flow';
import * as small from '@kinetic/flow/webhooks';
import Stripe from 'stripe';
import { Webhook as StandardWebhook } from 'standardwebhooks';

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A realistic payment.completed event of exactly `size` bytes (as bench.mjs builds it). */
export function eventBody(size) {
  const head =
    size >= 512
      ? '{"id":"evt_1a2b3c4d","object":"event","type":"payment.completed","api_version":"2026-04-01","created_at":"2026-04-15T09:14:02Z","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","object":"payment","status":"completed","amount":25000,"currency":"usd","rail":"fednow","destination":{"routing_number":"021000021","account_number":"****7890"},"settled_at":"2026-04-15T09:14:02Z","created_at":"2026-04-15T09:14:01Z","metadata":{"order":"ord_9f8e7d","note":"'
      : '{"id":"evt_1a2b3c4d","type":"payment.completed","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","status":"completed","amount":25000,"currency":"usd","rail":"fednow","metadata":{"note":"';
  const tail = '"}}}}';
  const words = 'invoice line item shipped to customer ';
  let filler = '';
  while (filler.length < size - head.length - tail.length) filler += words;
  return head + filler.slice(0, size - head.length - tail.length) + tail;
}

const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * name -> { fn, async } for one body size; every contender is checked once (it must return the
 * event, or the right MAC) before any timing. `extra` adds runtime-specific contenders.
 */
export async function contenders(size, extra = {}) {
  const text = eventBody(size);
  const bytes = new TextEncoder().encode(text);
  const now = Math.floor(Date.now() / 1000);
  const header = full.webhooks.sign(text, SECRET, { timestamp: now });
  const v1 = header.slice(header.indexOf('v1=') + 3);
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const signed = new TextEncoder().encode(`${now}.${text}`);
  const provider = Stripe.createSubtleCryptoProvider();
  const standard = new StandardWebhook(SECRET);
  const msgId = 'msg_27UH4WbU6Z5A5EzD8u03UvzRbpk';
  const swHeaders = { 'webhook-id': msgId, 'webhook-timestamp': String(now), 'webhook-signature': standard.sign(msgId, new Date(now * 1000), text) };
  // The native synchronous HMAC, where the runtime hands node:crypto over (workerd with
  // nodejs_compat, Deno): that runtime's floor.
  const nodeCrypto = globalThis.process?.getBuiltinModule?.('node:crypto');
  if (nodeCrypto) {
    extra = {
      'floor: node:crypto HMAC + JSON.parse': {
        fn: () => {
          const d = nodeCrypto.createHmac('sha256', SECRET).update(`${now}.`).update(bytes).digest('hex');
          if (d !== v1) throw new Error('node:crypto MAC differs');
          return JSON.parse(text);
        },
      },
      ...extra,
    };
  }
  const list = {
    'ours verify (root entry, text)': { fn: () => full.webhooks.verify(text, header, SECRET) },
    'ours verify (/webhooks, text)': { fn: () => small.verify(text, header, SECRET) },
    'ours verify (root entry, bytes)': { fn: () => full.webhooks.verify(bytes, header, SECRET) },
    'ours verify (/webhooks, bytes)': { fn: () => small.verify(bytes, header, SECRET) },
    'ours verifyAsync (/webhooks, bytes)': { fn: () => small.verifyAsync(bytes, header, SECRET), async: true },
    'ours verifyAsync (root entry, text)': { fn: () => full.webhooks.verifyAsync(text, header, SECRET), async: true },
    'ours verifySignature (/webhooks, no parse)': { fn: () => small.verifySignature(text, header, SECRET), check: (r) => r.secretIndex === 0 },
    'standardwebhooks verify': { fn: () => standard.verify(text, swHeaders) },
    'stripe constructEventAsync': {
      fn: () => Stripe.webhooks.constructEventAsync(text, header, SECRET, undefined, provider),
      async: true,
    },
    'floor: SubtleCrypto HMAC + JSON.parse': {
      // What any verify on this runtime must at least do: the MAC (keyed once), then the parse.
      fn: async () => {
        const mac = await subtle.sign('HMAC', key, signed);
        if (hex(mac) !== v1) throw new Error('subtle MAC differs');
        return JSON.parse(text);
      },
      async: true,
    },
    'context: JSON.parse of the body': { fn: () => JSON.parse(text) },
    ...extra,
  };
  for (const [name, c] of Object.entries(list)) {
    const r = c.async ? await c.fn() : c.fn();
    const ok = c.check ? c.check(r) : r === undefined || r.id === 'evt_1a2b3c4d' || r === true;
    if (!ok) throw new Error(`${name}: wrong result ${String(JSON.stringify(r)).slice(0, 80)}`);
  }
  return { list, text, bytes, header, now };
}

/** Runs contender `c` `n` times. */
export async function run(c, n) {
  if (c.async) for (let i = 0; i < n; i++) await c.fn();
  else for (let i = 0; i < n; i++) c.fn();
}
