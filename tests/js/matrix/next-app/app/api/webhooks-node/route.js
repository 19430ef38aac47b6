// A webhook route handler with only `@kinetic/flow/webhooks`, in the Node.js runtime
// (the `node` → `module` entry: the webhooks module inlined):
// `webhooks.handler` answers, `on` records what it saw (GET reads it).
import { webhooks, entry } from '@kinetic/flow/webhooks';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const seen = [];
const on = { 'payment.completed': (event) => { seen.push(event.id); } };

export async function GET() {
  return Response.json({ entry, seen });
}

// The secret is read per request (it arrives with the environment at run time, not at build).
export const POST = (request) => webhooks.handler({ secret: process.env.KINETIC_WEBHOOK_SECRET, on })(request);
