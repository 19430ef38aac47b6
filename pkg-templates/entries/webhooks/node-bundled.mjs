// @kinetic/flow/webhooks (the webhooks-only module), as entries/node-bundled.mjs for the root.
// Node.js inside a bundle (esbuild/webpack with the `module` condition: AWS Lambda, SST, CDK, a
// Next.js server build): the webhooks .wasm bytes are inlined (lib/webhooks-wasm-inline.js,
// base64), so the bundle runs from any folder, alone, and holds only the small module.
// Instantiated synchronously at import, as in entries/webhooks/node.mjs.
import { initSync } from '../../kinetic_flow_webhooks.js';
import { installSha256 } from '../../lib/mac.js';
import wasmBase64 from '../../lib/webhooks-wasm-inline.js';

initSync({ module: Buffer.from(wasmBase64, 'base64') });

// As in entries/webhooks/node.mjs: node:crypto's SHA-256 for webhook MACs (lib/mac.js; this only for Node < 20.16).
if (typeof process.getBuiltinModule !== 'function') import('node:crypto').then(installSha256, () => {});

export * from '../../lib/webhooks-api.js';
/** Which entry of the package loaded. */
export const entry = 'webhooks-node-bundled';
/** Resolves at once: the module is loaded at import. */
export async function init() {}
