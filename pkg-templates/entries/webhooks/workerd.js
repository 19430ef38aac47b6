// @kinetic/flow/webhooks (the webhooks-only module), as entries/workerd.js for the root.
// Cloudflare Workers (workerd): the platform compiles the .wasm at deploy time and hands it over
// as a WebAssembly.Module (it refuses to compile wasm from bytes at run time).
import wasmModule from '../../kinetic_flow_webhooks_bg.wasm';
import { initSync } from '../../kinetic_flow_webhooks.js';

initSync({ module: wasmModule });

export * from '../../lib/webhooks-api.js';
/** Which entry of the package loaded. */
export const entry = 'webhooks-workerd';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
