// The glue of the webhooks-only module (kinetic_flow_webhooks_bg.wasm, built from wasm/webhooks
// without wasm-bindgen), shipped as kinetic_flow_webhooks.js by scripts/build-pkg.sh: it loads the
// module, with the interface of the wasm-bindgen glue of the full module (`initSync`, the default
// async init, `__kineticExports`, `__kineticReady`, `__kineticReinstantiate`), so the entries treat
// both modules alike. The calls over the instance are lib/webhook-calls.js, the same for both.

import { hostSha256 } from './lib/mac.js';

let wasmModule, wasm;
let mem = new Uint8Array(0);

/** A view of the module's memory (a new one once memory grew: the old one is then detached). */
function bytes() {
  if (mem.byteLength === 0) mem = new Uint8Array(wasm.memory.buffer);
  return mem;
}

const imports = {
  './lib/mac.js': {
    hostSha256: (input, len, out) => {
      const m = bytes();
      return hostSha256(m.subarray(input, input + len), m.subarray(out, out + 32)) ? 1 : 0;
    },
  },
};

function finish(instance, module) {
  wasm = instance.exports;
  wasmModule = module;
  mem = new Uint8Array(0);
  return wasm;
}

const isModule = (m) => m instanceof WebAssembly.Module || Object.prototype.toString.call(m) === '[object WebAssembly.Module]';

/** Instantiates synchronously from `{ module }`: a WebAssembly.Module or the .wasm bytes. */
export function initSync(options) {
  if (wasm !== undefined) return wasm;
  let module = options !== undefined && Object.getPrototypeOf(options) === Object.prototype ? options.module : options;
  if (!isModule(module)) module = new WebAssembly.Module(module);
  return finish(new WebAssembly.Instance(module, imports), module);
}

let pending;
/**
 * Instantiates asynchronously from `{ module_or_path }`: a URL or string (fetched, compiled while
 * it streams in), a Response, the bytes, or a Module. No default: the browser entry passes the
 * .wasm's URL itself, so that no other entry names the file (a bundler would emit it, unused).
 */
export default function init(options) {
  if (wasm !== undefined) return Promise.resolve(wasm);
  if (pending === undefined) {
    pending = load(options);
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

async function load(options) {
  let input = options !== undefined && Object.getPrototypeOf(options) === Object.prototype ? options.module_or_path : options;
  if (input === undefined) throw new TypeError('init() needs the module: its URL, a Response, its bytes or a WebAssembly.Module');
  if (typeof input === 'string' || (typeof Request === 'function' && input instanceof Request) || (typeof URL === 'function' && input instanceof URL)) {
    input = fetch(input);
  }
  input = await input;
  if (typeof Response === 'function' && input instanceof Response) {
    if (!input.ok) throw new Error(`failed to fetch Wasm: ${input.status} ${input.statusText} fetching '${input.url}'`);
    if (typeof WebAssembly.instantiateStreaming === 'function') {
      try {
        const { instance, module } = await WebAssembly.instantiateStreaming(input.clone(), imports);
        return finish(instance, module);
      } catch (e) {
        // Served without `application/wasm`: compile the bytes instead.
        if (input.headers.get('Content-Type') === 'application/wasm') throw e;
      }
    }
    input = await input.arrayBuffer();
  }
  if (isModule(input)) return finish(await WebAssembly.instantiate(input, imports), input);
  const { instance, module } = await WebAssembly.instantiate(input, imports);
  return finish(instance, module);
}

/** The instance's exports (undefined before the module is loaded). */
export function __kineticExports() {
  return wasm;
}

// For lib/webhook.js: recovery after a wasm trap.
export function __kineticReady() {
  return wasm !== undefined;
}
export function __kineticReinstantiate() {
  const module = wasmModule;
  if (module === undefined) return false;
  wasm = undefined;
  initSync({ module });
  return true;
}
