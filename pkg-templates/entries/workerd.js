// Cloudflare Workers (workerd): the platform compiles the .wasm at deploy time and hands it over
// as a WebAssembly.Module (it refuses to compile wasm from bytes at run time).
import wasmModule from '../kinetic_flow_core_bg.wasm';
import { initSync } from '../kinetic_flow_core.js';

initSync({ module: wasmModule });

export * from '../lib/api.js';
export { Kinetic as default } from '../lib/api.js';
/** Which entry of the package loaded. */
export const entry = 'workerd';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
