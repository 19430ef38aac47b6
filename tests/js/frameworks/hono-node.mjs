// Hono on Node (node hono-node.mjs PORT).
import { serve } from '@hono/node-server';
import { app } from './hono-app.mjs';

serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: '127.0.0.1' });
