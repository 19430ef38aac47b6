'use strict';
// Node.js, `require`: the CommonJS copy of the package (lib/core.cjs, made by esbuild from the ESM
// sources); reads the .wasm beside the package and instantiates it synchronously.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const core = require('../lib/core.cjs');

// Webhook MACs hash with node:crypto's native SHA-256 (the rules stay in the core: lib/mac.js).
core.installSha256(require('node:crypto'));
core.initSync({ module: readFileSync(join(__dirname, '..', 'kinetic_flow_core_bg.wasm')) });

module.exports = {
  ...core.api,
  /** Which entry of the package loaded. */
  entry: 'node-cjs',
  /** Resolves at once: Node loads the module at require. */
  init: async () => {},
};
