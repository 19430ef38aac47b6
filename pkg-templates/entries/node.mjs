// Node.js, `import`: read the .wasm beside the package and instantiate it synchronously, so the
// package is ready when the import resolves (no top-level await: `require()` of ESM still works).
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { initSync } from '../kinetic_flow_core.js';
import { installSha256 } from '../lib/mac.js';

// Webhook MACs hash with node:crypto's native SHA-256 (the rules stay in the core: lib/mac.js).
installSha256(crypto);
initSync({ module: readFileSync(new URL('../kinetic_flow_core_bg.wasm', import.meta.url)) });

export * from '../lib/api.js';
/** Which entry of the package loaded. */
export const entry = 'node-esm';
/** Resolves at once: Node loads the module at import. Kept so code shared with browsers can `await init()`. */
export async function init() {}
