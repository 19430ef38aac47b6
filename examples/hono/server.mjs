// Hono on Node (@hono/node-server); the same route runs on Workers, Deno and Bun.
//   KINETIC_WEBHOOK_SECRET=whsec_... node server.mjs
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { webhooks } from '@kinetic/flow';

const kinetic = webhooks.handler({
  secret: process.env.KINETIC_WEBHOOK_SECRET,
  on: { 'payment.completed': (event) => console.log(`payment ${event.data?.object?.id} completed`) },
});

const app = new Hono();
app.post('/webhooks/kinetic', (c) => kinetic(c.req.raw));

const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`listening on http://127.0.0.1:${port}`));
