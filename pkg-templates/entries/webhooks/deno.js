// @kinetic/flow/webhooks (the webhooks-only module), as entries/deno.js for the root.
// Deno (2.6 and later): `import source` gives the compiled WebAssembly.Module with no permission
// flags (no --allow-read).
import source wasmModule from '../../kinetic_flow_webhooks_bg.wasm';
import { initSync } from '../../kinetic_flow_webhooks.js';

initSync({ module: wasmModule });

export * from '../../lib/webhooks-api.js';
/** Which entry of the package loaded. */
export const entry = 'webhooks-deno';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
