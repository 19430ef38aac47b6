// The Hono app, served by @hono/node-server (hono-node.mjs) and by workerd (bundled).
import { Hono } from 'hono';
// The webhooks-only entry (its own small wasm module), as an edge deployment would import it.
import { webhooks } from '@kinetic/flow/webhooks';
import { testOptions, emptySecretOptions, smallLimitOptions, calls } from './options.mjs';

const handler = webhooks.handler(testOptions());
const empty = webhooks.handler(emptySecretOptions());
const small = webhooks.handler(smallLimitOptions());

export const app = new Hono();
app.post('/webhooks', (c) => handler(c.req.raw));
app.post('/webhooks/empty', (c) => empty(c.req.raw));
app.post('/webhooks/small', (c) => small(c.req.raw));
app.get('/calls', (c) => c.body(calls()));
export default app;
