// @kinetic/flow/webhooks (the webhooks-only module), as entries/browser.js for the root.
// Browsers and bundlers: fetch and compile the .wasm asynchronously, once, with `await init()`.
// Only this entry touches import.meta.url (undefined in some bundled workers: pass the module or
// its URL to init() there).
import glueInit from '../../kinetic_flow_webhooks.js';

export * from '../../lib/webhooks-api.js';
/** Which entry of the package loaded. */
export const entry = 'webhooks-browser';

/**
 * Loads the wasm module; call once and await it before anything else. `input` is optional: a URL
 * or string, a Response, a BufferSource or a WebAssembly.Module (default: the .wasm beside this
 * package, resolved from import.meta.url).
 */
export async function init(input) {
  // The default URL is written here, not in the glue: bundlers emit the .wasm of every
  // `new URL('…', import.meta.url)` they meet, and the Node entries that inline the bytes share
  // the glue.
  await glueInit({ module_or_path: input === undefined ? new URL('../../kinetic_flow_webhooks_bg.wasm', import.meta.url) : input });
}
