// Cloudflare Worker: verify Kinetic Flow webhooks at the edge.
// The secret is a Worker secret: `wrangler secret put KINETIC_WEBHOOK_SECRET`.
import { webhooks } from '@kinetic/flow-core';

const on = { 'payment.completed': (event) => console.log(`payment ${event.data.object.id} completed`) };
let kinetic; // made on the first request: the secret arrives with `env`

export default {
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/webhooks/kinetic') return new Response('not found', { status: 404 });
    kinetic ??= webhooks.handler({ secret: env.KINETIC_WEBHOOK_SECRET, on });
    return kinetic(request);
  },
};
