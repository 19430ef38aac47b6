// Deno: verify Kinetic Flow webhooks with Deno.serve.
//   KINETIC_WEBHOOK_SECRET=whsec_... deno run --allow-net --allow-env main.ts
import { webhooks, WebhookVerificationError } from '@kinetic/flow-core';

const secret = Deno.env.get('KINETIC_WEBHOOK_SECRET') ?? '';
const port = Number(Deno.env.get('PORT') ?? 8000);

Deno.serve({ hostname: '127.0.0.1', port }, async (request) => {
  const url = new URL(request.url);
  if (request.method !== 'POST' || url.pathname !== '/webhooks/kinetic') {
    return new Response('not found', { status: 404 });
  }
  try {
    // The raw text exactly as received, and the fetch Headers.
    const event = webhooks.verify(await request.text(), request.headers, secret);
    if (event.type === 'refund.completed') console.log(`refund ${event.data.object.id} completed`);
    return Response.json({ received: event.id });
  } catch (err) {
    if (err instanceof WebhookVerificationError) {
      return Response.json({ error: err.code }, { status: 400 });
    }
    throw err;
  }
});
