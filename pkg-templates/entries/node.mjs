// Node.js, `import`: read the .wasm beside the package and instantiate it synchronously, so the
// package is ready when the import resolves (no top-level await: `require()` of ESM still works).
// Bundlers get entries/node-bundled.mjs instead (the `module` condition); should this file be
// bundled anyway, it looks for the .wasm beside the bundle, and else throws ConfigurationError
// `wasm_not_found`, naming the fix.
import { readFileSync } from 'node:fs';
import { initSync } from '../kinetic_flow_core.js';
import { installSha256 } from '../lib/mac.js';
import { readWasm, wasmCandidates } from '../lib/locate.js';
import { ConfigurationError } from '../lib/api.js';

// `__dirname` exists only when a bundler made this file CommonJS (then import.meta.url is gone).
const dir = typeof __dirname === 'string' ? __dirname : undefined;
const FILE = 'kinetic_flow_core_bg.wasm';
initSync({ module: readWasm(readFileSync, wasmCandidates(import.meta.url, dir, FILE, '../'), ConfigurationError, FILE) });

// Webhook MACs hash with node:crypto's native SHA-256 (the rules stay in the core: lib/mac.js),
// installed once it has loaded: loading node:crypto takes milliseconds, which the import should
// not wait for. Until then the core's SHA-256 gives the same MACs.
import('node:crypto').then(installSha256, () => {});

export * from '../lib/api.js';
export { Kinetic as default } from '../lib/api.js';
/** Which entry of the package loaded. */
export const entry = 'node-esm';
/** Resolves at once: Node loads the module at import. Kept so code shared with browsers can `await init()`. */
export async function init() {}
