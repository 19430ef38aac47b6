// @kinetic/flow/webhooks (the webhooks-only module), as entries/edge-light.js for the root.
// Next.js Edge runtime and Vercel Edge Functions (the `edge-light` condition): like workerd, the
// platform compiles wasm only from a module import (`?module` gives a WebAssembly.Module) and
// refuses to compile bytes at run time.
import wasmModule from '../../kinetic_flow_webhooks_bg.wasm?module';
import { initSync } from '../../kinetic_flow_webhooks.js';

initSync({ module: wasmModule });

export * from '../../lib/webhooks-api.js';
/** Which entry of the package loaded. */
export const entry = 'webhooks-edge-light';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
