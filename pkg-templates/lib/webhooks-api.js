// The JS face of `@kinetic/flow/webhooks`: verify, verifySignature and sign (and the
// handlers) over the webhooks-only wasm module (wasm/webhooks, no JSON library, a fraction of the
// full module's size). The same functions as the root entry's `webhooks`, from the same source
// (lib/webhook.js), bound to the small module's glue; the same error classes (lib/errors.js).
// Translation only: every webhook rule, the event rule included, is the Rust core's.

import * as glue from '../kinetic_flow_webhooks.js';
import { macBackend } from './mac.js';
import { createWebhooks } from './webhook.js';
import { webhookCalls } from './webhook-calls.js';

export { FlowError, WebhookVerificationError, ValidationError, ConfigurationError } from './errors.js';

const core = webhookCalls(glue);
const hooks = createWebhooks(core);

/** `verify`, `verifyAsync`, `verifySignature`, `sign`: the same object as the root entry's `webhooks`. */
export const webhooks = hooks.webhooks;
export const verify = webhooks.verify;
export const verifyAsync = webhooks.verifyAsync;
export const verifySignature = webhooks.verifySignature;
export const sign = webhooks.sign;

/** The version of the Rust core inside the wasm module. */
export function coreVersion() {
  try {
    return hooks.call(core.coreVersion);
  } catch (e) {
    throw hooks.fail(e);
  }
}

/** @internal The wasm memory's size in bytes (tests and the bench read it: it must not grow). */
export function __memoryBytes() {
  return glue.__kineticExports().memory.buffer.byteLength;
}

/** @internal How many times the wasm instance was restarted (tests read it). */
export function __recoveries() {
  return hooks.recoveries();
}

/** @internal Which SHA-256 webhook MACs use (tests read it). */
export function __macBackend() {
  return macBackend();
}
