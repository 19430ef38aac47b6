// Next.js Edge runtime and Vercel Edge Functions (the `edge-light` condition): like workerd, the
// platform compiles wasm only from a module import (`?module` gives a WebAssembly.Module) and
// refuses to compile bytes at run time.
import wasmModule from '../kinetic_flow_core_bg.wasm?module';
import { initSync } from '../kinetic_flow_core.js';

initSync({ module: wasmModule });

export * from '../lib/api.js';
// SPEC 7: `import Kinetic from '@kinetic/flow'` (the API docs' quickstart) in every entry.
export { Kinetic as default } from '../lib/api.js';
/** Which entry of the package loaded. */
export const entry = 'edge-light';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
