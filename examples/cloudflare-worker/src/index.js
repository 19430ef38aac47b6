// Cloudflare Worker: Kinetic Flow webhooks at the edge (route the webhook URL to this Worker).
// The secret is a Worker secret: `wrangler secret put KINETIC_WEBHOOK_SECRET`.
import { webhooks } from '@kinetic/flow';

const on = { 'payment.completed': (event) => console.log(`payment ${event.data?.object?.id} completed`) };

export default {
  // The secret arrives with `env`; the keyed verifier is cached by the package across requests.
  fetch: (request, env) => webhooks.handler({ secret: env.KINETIC_WEBHOOK_SECRET, on })(request),
};
