'use strict';
// Node.js, `require`: the CommonJS copy of the package (lib/core.cjs, made by esbuild from the ESM
// sources); reads the .wasm beside the package and instantiates it synchronously. Bundled anyway
// (bundlers get entries/node-bundled.mjs through the `module` condition), it looks beside the
// bundle, and else throws ConfigurationError `wasm_not_found`, naming the fix.
const { readFileSync } = require('node:fs');
const core = require('../lib/core.cjs');

const FILE = 'kinetic_flow_core_bg.wasm';
core.initSync({ module: core.readWasm(readFileSync, core.wasmCandidates(undefined, __dirname, FILE, '../'), core.api.ConfigurationError, FILE) });

// Webhook MACs hash with node:crypto's native SHA-256 (the rules stay in the core: lib/mac.js),
// which lib/mac.js takes from process.getBuiltinModule at the first verify. Node before 20.16
// has no getBuiltinModule: there node:crypto is installed once it has loaded (the import does
// not wait for it), and until then the core's SHA-256 gives the same MACs.
if (typeof process.getBuiltinModule !== 'function') Promise.resolve().then(() => core.installSha256(require('node:crypto'))).catch(() => {});

// `require('@kinetic/flow')` is the Kinetic class itself, as the API docs' CommonJS users write
// (`new (require('@kinetic/flow'))({ ... })`), with the named exports as its properties
// (`require('@kinetic/flow').webhooks`). `__esModule` and `default` keep what tsc, bundlers and
// attw read: `import Kinetic from` in a .cts, and `import { webhooks } from`, both work.
const Kinetic = core.api.Kinetic;
Object.defineProperty(Kinetic, '__esModule', { value: true });
Object.assign(Kinetic, core.api, {
  default: Kinetic,
  /** Which entry of the package loaded. */
  entry: 'node-cjs',
  /** Resolves at once: Node loads the module at require. */
  init: async () => {},
});
module.exports = Kinetic;
