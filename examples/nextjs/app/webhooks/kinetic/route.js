// A Next.js App Router route handler: POST /webhooks/kinetic.
import { webhooks } from '@kinetic/flow';

export const POST = webhooks.handler({
  secret: process.env.KINETIC_WEBHOOK_SECRET,
  on: { 'payment.completed': (event) => console.log(`payment ${event.data?.object?.id} completed`) },
});
