// Node.js inside a bundle (esbuild/webpack with the `module` condition: AWS Lambda, SST, CDK, a
// Next.js server build): the .wasm bytes are inlined (lib/wasm-inline.js, base64), so the bundle
// runs from any folder, alone. Instantiated synchronously at import, as in entries/node.mjs.
import { initSync } from '../kinetic_flow_core.js';
import { installSha256 } from '../lib/mac.js';
import wasmBase64 from '../lib/wasm-inline.js';

initSync({ module: Buffer.from(wasmBase64, 'base64') });

// As in entries/node.mjs: node:crypto's SHA-256 for webhook MACs (lib/mac.js; this only for Node < 20.16).
if (typeof process.getBuiltinModule !== 'function') import('node:crypto').then(installSha256, () => {});

export * from '../lib/api.js';
// SPEC 7: `import Kinetic from '@kinetic/flow'` (the API docs' quickstart) in every entry.
export { Kinetic as default } from '../lib/api.js';
/** Which entry of the package loaded. */
export const entry = 'node-bundled';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
