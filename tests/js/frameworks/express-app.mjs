// Express 5, three ways (node express-app.mjs MODE PORT):
//   plain  no body parser: the middleware reads the raw body itself;
//   raw    express.raw({ type: 'application/json' }) on the route: req.body is a Buffer (its own
//          `limit`, 100kb by default, raised here so that the handler's maxBodyBytes is what the
//          body-size checks meet);
//   json   a global express.json() registered first: the body is parsed before the route, so
//          the middleware answers 500 and logs how to order the routes.
import express from 'express';
import { webhooks } from '@kinetic/flow';
import { testOptions, emptySecretOptions, smallLimitOptions, calls } from './options.mjs';

const [mode, port] = process.argv.slice(2);
const app = express();
if (mode === 'json') app.use(express.json());
const parser = mode === 'raw' ? [express.raw({ type: 'application/json', limit: '2mb' })] : [];

app.post('/webhooks', ...parser, webhooks.middleware(testOptions()));
app.post('/webhooks/empty', ...parser, webhooks.middleware(emptySecretOptions()));
app.post('/webhooks/small', ...parser, webhooks.middleware(smallLimitOptions()));
app.get('/calls', (_req, res) => res.type('json').send(calls()));
app.listen(Number(port), '127.0.0.1');
