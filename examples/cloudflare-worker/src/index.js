// Cloudflare Worker: verify Kinetic Flow webhooks at the edge.
// The secret is a Worker secret: `wrangler secret put KINETIC_WEBHOOK_SECRET`.
import { webhooks, WebhookVerificationError } from '@kinetic/flow-core';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/webhooks/kinetic') {
      return new Response('not found', { status: 404 });
    }
    try {
      // The raw text exactly as received, and the fetch Headers (read case-insensitively).
      const event = webhooks.verify(await request.text(), request.headers, env.KINETIC_WEBHOOK_SECRET);
      if (event.type === 'payment.completed') {
        console.log(`payment ${event.data.object.id} completed`);
      }
      return Response.json({ received: event.id });
    } catch (err) {
      if (err instanceof WebhookVerificationError) {
        return Response.json({ error: err.code }, { status: 400 });
      }
      throw err;
    }
  },
};
