// Fastify 5 (node fastify-app.mjs PORT). In a plugin scope, a content-type parser hands the
// webhook routes the body as a Buffer (Fastify's own bodyLimit, 1 MiB by default, raised to 2 MiB
// so that the handler's maxBodyBytes is what the body-size checks meet); /webhooks/parsed keeps Fastify's JSON parser, so the
// middleware answers 500 and logs the fix.
import Fastify from 'fastify';
import { webhooks } from '@kinetic/flow';
import { testOptions, emptySecretOptions, smallLimitOptions, calls } from './options.mjs';

const app = Fastify();
app.register(async (scope) => {
  scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  scope.post('/webhooks', webhooks.middleware(testOptions()));
  scope.post('/webhooks/empty', webhooks.middleware(emptySecretOptions()));
  scope.post('/webhooks/small', webhooks.middleware(smallLimitOptions()));
});
app.post('/webhooks/parsed', webhooks.middleware(testOptions()));
app.get('/calls', (_request, reply) => reply.type('application/json').send(calls()));
await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
