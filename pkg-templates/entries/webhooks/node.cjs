'use strict';
// @kinetic/flow-core/webhooks (the webhooks-only module) for Node.js, `require`: the CommonJS copy
// (lib/webhooks.cjs, made by esbuild from the ESM sources); reads the .wasm beside the package and instantiates it synchronously.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const core = require('../../lib/webhooks.cjs');

core.initSync({ module: readFileSync(join(__dirname, '..', '..', 'kinetic_flow_webhooks_bg.wasm')) });

// Webhook MACs hash with node:crypto's native SHA-256 (the rules stay in the core: lib/mac.js),
// installed after the require returns: loading node:crypto takes milliseconds, which the require
// should not wait for. Until then the core's SHA-256 gives the same MACs.
Promise.resolve().then(() => core.installSha256(require('node:crypto'))).catch(() => {});

module.exports = {
  ...core.api,
  /** Which entry of the package loaded. */
  entry: 'webhooks-node-cjs',
  /** Resolves at once: Node loads the module at require. */
  init: async () => {},
};
