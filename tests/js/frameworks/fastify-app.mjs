// Fastify 5 (node fastify-app.mjs PORT). In a plugin scope, a content-type parser hands the
// webhook routes the body as a Buffer; /webhooks/parsed keeps Fastify's JSON parser, so the
// middleware answers 500 and logs the fix.
import Fastify from 'fastify';
import { webhooks } from '@kinetic/flow-core';
import { testOptions, emptySecretOptions, calls } from './options.mjs';

const app = Fastify();
app.register(async (scope) => {
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  scope.post('/webhooks', webhooks.middleware(testOptions()));
  scope.post('/webhooks/empty', webhooks.middleware(emptySecretOptions()));
});
app.post('/webhooks/parsed', webhooks.middleware(testOptions()));
app.get('/calls', (_request, reply) => reply.type('application/json').send(calls()));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
