'use strict';
// @kinetic/flow/webhooks (the webhooks-only module), as entries/node.cjs for the root.
// Node.js, `require`: the CommonJS copy (lib/webhooks.cjs, made by esbuild from the ESM sources);
// reads the .wasm beside the package and instantiates it synchronously. Bundled anyway (bundlers
// get entries/webhooks/node-bundled.mjs through the `module` condition), it looks beside the
// bundle, and else throws ConfigurationError `wasm_not_found`, naming the fix.
const { readFileSync } = require('node:fs');
const core = require('../../lib/webhooks.cjs');

const FILE = 'kinetic_flow_webhooks_bg.wasm';
core.initSync({ module: core.readWasm(readFileSync, core.wasmCandidates(undefined, __dirname, FILE, '../../'), core.api.ConfigurationError, FILE) });

// Webhook MACs hash with node:crypto's native SHA-256 (the rules stay in the core: lib/mac.js),
// which lib/mac.js takes from process.getBuiltinModule at the first verify. Node before 20.16
// has no getBuiltinModule: there node:crypto is installed once it has loaded (the import does
// not wait for it), and until then the core's SHA-256 gives the same MACs.
if (typeof process.getBuiltinModule !== 'function') Promise.resolve().then(() => core.installSha256(require('node:crypto'))).catch(() => {});

module.exports = {
  ...core.api,
  /** Which entry of the package loaded. */
  entry: 'webhooks-node-cjs',
  /** Resolves at once: Node loads the module at require. */
  init: async () => {},
};
