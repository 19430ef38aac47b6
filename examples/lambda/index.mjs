// AWS Lambda behind API Gateway (REST or HTTP API) or a Function URL. The handler decodes a
// base64 body (`isBase64Encoded`) before verifying it. Set KINETIC_WEBHOOK_SECRET in the
// function's environment; handler: index.handler.
import { webhooks } from '@kinetic/flow';

export const handler = webhooks.lambda({
  secret: process.env.KINETIC_WEBHOOK_SECRET,
  on: { 'payment.completed': (event) => console.log(`payment ${event.data?.object?.id} completed`) },
});
