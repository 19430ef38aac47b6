// Deno: Kinetic Flow webhooks with Deno.serve.
//   KINETIC_WEBHOOK_SECRET=whsec_... deno run --allow-net --allow-env main.ts
import { webhooks } from '@kinetic/flow';

Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.env.get('PORT') ?? 8000) }, webhooks.handler({
  secret: Deno.env.get('KINETIC_WEBHOOK_SECRET'),
  on: { 'refund.completed': (event) => console.log(`refund ${event.data?.object?.id} completed`) },
}));
