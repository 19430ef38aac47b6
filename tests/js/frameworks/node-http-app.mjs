// Plain node:http (what Connect hands a middleware): `(req, res)` with no body parser at all.
import { createServer } from 'node:http';
import { webhooks } from '@kinetic/flow';
import { testOptions, emptySecretOptions, smallLimitOptions, calls } from './options.mjs';

const routes = {
  '/webhooks': webhooks.middleware(testOptions()),
  '/webhooks/empty': webhooks.middleware(emptySecretOptions()),
  '/webhooks/small': webhooks.middleware(smallLimitOptions()),
};

createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/calls') return res.end(calls());
  const route = req.method === 'POST' ? routes[req.url] : undefined;
  if (route === undefined) {
    res.statusCode = 404;
    return res.end('not found');
  }
  return route(req, res);
}).listen(Number(process.argv[2]), '127.0.0.1');
