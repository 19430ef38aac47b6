// A webhook route handler in the Node.js runtime (the default).
import Kinetic, { webhooks, entry, WebhookVerificationError, Kinetic as Named } from '@kinetic/flow';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET() {
  // `defaultIsKinetic`: the API docs' `import Kinetic from '@kinetic/flow'` works here too.
  return Response.json({ entry, defaultIsKinetic: Kinetic === Named && typeof Kinetic === 'function' });
}

export async function POST(request) {
  try {
    // The raw text exactly as received, and the fetch Headers.
    const event = webhooks.verify(await request.text(), request.headers, process.env.KINETIC_WEBHOOK_SECRET);
    return Response.json({ received: event.id, entry });
  } catch (err) {
    if (err instanceof WebhookVerificationError) return Response.json({ error: err.code }, { status: 400 });
    throw err;
  }
}
