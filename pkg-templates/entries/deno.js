// Deno (2.6 and later): `import source` gives the compiled WebAssembly.Module with no permission
// flags (no --allow-read).
import source wasmModule from '../kinetic_flow_core_bg.wasm';
import { initSync } from '../kinetic_flow_core.js';

initSync({ module: wasmModule });

export * from '../lib/api.js';
export { Kinetic as default } from '../lib/api.js';
/** Which entry of the package loaded. */
export const entry = 'deno';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
