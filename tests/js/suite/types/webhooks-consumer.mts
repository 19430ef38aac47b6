// Type-checked by tsc (module nodenext): the webhooks-only entry, `@kinetic/flow/webhooks`.
import * as wh from '@kinetic/flow/webhooks';
import { verify, verifySignature, sign, webhooks, WebhookVerificationError, FlowError, type WebhookEvent } from '@kinetic/flow/webhooks';
import { WebhookVerificationError as RootError } from '@kinetic/flow';

const entryName:
  | 'webhooks-node-esm' | 'webhooks-node-cjs' | 'webhooks-node-bundled' | 'webhooks-workerd' | 'webhooks-edge-light' | 'webhooks-deno' | 'webhooks-browser' = wh.entry;
declare const headers: Record<string, string | undefined>;
declare const rawBody: Uint8Array;
declare const env: Record<string, string>;
const header = sign(rawBody, 'whsec_x', { timestamp: 1 });
const event: WebhookEvent = verify(rawBody, headers['kinetic-signature'], env.WEBHOOK_SECRET);
const same: WebhookEvent = webhooks.verify(rawBody, header, ['whsec_old', 'whsec_new'], { tolerance: 60 });
const check: { secretIndex: number; timestamp: number } = verifySignature(rawBody, header, 'whsec_x');
function isOurs(e: unknown): boolean {
  return e instanceof WebhookVerificationError || e instanceof RootError || e instanceof FlowError;
}
export { entryName, event, same, check, isOurs };
