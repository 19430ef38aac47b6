// The Web-standard app (Deno.serve, Bun.serve): the handlers of webhooks.handler() by path.
// The webhooks-only entry (its own small wasm module), as an edge deployment would import it.
import { webhooks } from '@kinetic/flow/webhooks';
import { testOptions, emptySecretOptions, smallLimitOptions, calls } from './options.mjs';

const routes = {
  '/webhooks': webhooks.handler(testOptions()),
  '/webhooks/empty': webhooks.handler(emptySecretOptions()),
  '/webhooks/small': webhooks.handler(smallLimitOptions()),
};

export async function fetchHandler(request) {
  const { pathname } = new URL(request.url);
  if (request.method === 'GET' && pathname === '/calls') return new Response(calls());
  const route = request.method === 'POST' ? routes[pathname] : undefined;
  return route === undefined ? new Response('not found', { status: 404 }) : route(request);
}
