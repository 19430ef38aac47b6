// Types of `@kinetic/flow/webhooks`: the webhooks-only entry (its own small wasm module).
// The same functions and classes as the root entry's, so the declarations are the root's.

export {
  FlowError,
  WebhookVerificationError,
  ValidationError,
  ConfigurationError,
  coreVersion,
  init,
} from './index.js';
export type {
  WebhookErrorCode,
  Payload,
  SignatureHeaderSource,
  Secrets,
  VerifyOptions,
  SignOptions,
  SignatureCheck,
  WebhookHandlerOptions,
  WebhookHandlers,
  WebhookErrorInfo,
  WebhookEvent,
  EventType,
  PaymentEvent,
  RefundEvent,
  TokenEvent,
  PayoutEvent,
  Payment,
  Refund,
  Token,
  Payout,
} from './index.js';

import type { Webhooks } from './index.js';

/** `verify`, `verifySignature`, `sign` and the handlers (test deliveries are the root entry's). */
export declare const webhooks: Webhooks;

/** Which entry of the package loaded (picked by the runtime from package.json `exports`). */
export declare const entry:
  | 'webhooks-node-esm' | 'webhooks-node-cjs' | 'webhooks-node-bundled' | 'webhooks-workerd' | 'webhooks-edge-light' | 'webhooks-deno' | 'webhooks-browser';

/** `webhooks.verify`. */
export declare const verify: Webhooks['verify'];
/** `webhooks.verifyAsync`. */
export declare const verifyAsync: Webhooks['verifyAsync'];
/** `webhooks.verifySignature`. */
export declare const verifySignature: Webhooks['verifySignature'];
/** `webhooks.sign`. */
export declare const sign: Webhooks['sign'];
