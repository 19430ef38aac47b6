// @kinetic/flow/webhooks (the webhooks-only module), as entries/node.mjs for the root.
// Node.js, `import`: read the .wasm beside the package and instantiate it synchronously, so the
// package is ready when the import resolves (no top-level await: `require()` of ESM still works).
// Bundlers get entries/webhooks/node-bundled.mjs instead (the `module` condition); should this
// file be bundled anyway, it looks for the .wasm beside the bundle, and else throws
// ConfigurationError `wasm_not_found`, naming the fix.
// node:fs comes from process.getBuiltinModule, not from an import of it (lib/locate.js `nodeFs`:
// its ESM facade loads fs/promises and the streams); node:module only for Node before 20.16.
import { createRequire } from 'node:module';
import { initSync } from '../../kinetic_flow_webhooks.js';
import { installSha256 } from '../../lib/mac.js';
import { nodeFs, readWasm, wasmCandidates } from '../../lib/locate.js';
import { ConfigurationError } from '../../lib/webhooks-api.js';

const FILE = 'kinetic_flow_webhooks_bg.wasm';
// `__dirname` exists only when a bundler made this file CommonJS (then import.meta.url is gone).
const dir = typeof __dirname === 'string' ? __dirname : undefined;
initSync({ module: readWasm(nodeFs(createRequire, import.meta.url ?? __filename).readFileSync, wasmCandidates(import.meta.url, dir, FILE, '../../'), ConfigurationError, FILE) });

// Webhook MACs hash with node:crypto's native SHA-256 (the rules stay in the core: lib/mac.js),
// which lib/mac.js takes from process.getBuiltinModule, off the first verify's path. Node before
// 20.16 has no getBuiltinModule: there node:crypto is installed once it has loaded (the import
// does not wait for it), and until then the core's SHA-256 gives the same MACs.
if (typeof process.getBuiltinModule !== 'function') import('node:crypto').then(installSha256, () => {});

export * from '../../lib/webhooks-api.js';
/** Which entry of the package loaded. */
export const entry = 'webhooks-node-esm';
/** Resolves at once: Node loads the module at import. Kept so code shared with browsers can `await init()`. */
export async function init() {}
