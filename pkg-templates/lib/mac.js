// The host's SHA-256 for the wasm core (wasm/webhooks/src/mac.rs imports this module; build-pkg.sh
// points the glue here). The core keeps every webhook rule (what is signed, which secrets, the
// constant-time comparison, the tolerance, the errors) and the HMAC construction and its keys;
// this module only hashes a byte buffer, with a function that only the Node entries install
// (node:crypto, native SHA-256). Without one, the core uses its own SHA-256 (workerd, Deno,
// browsers). The input is a view into wasm memory, read during the call and never kept; the
// digest is written into `out`, a 32-byte view. Nothing here is a public export of the package.

let hash = null;
let backend = 'wasm';
let calls = 0;

/** Node entries: webhook MACs hash with node:crypto from now on. */
export function installSha256(crypto) {
  // crypto.hash (Node >= 20.12) is one native call; createHash is the same SHA-256 for older 20.x.
  hash = typeof crypto.hash === 'function'
    ? (input) => crypto.hash('sha256', input, 'buffer')
    : (input) => crypto.createHash('sha256').update(input).digest();
  backend = 'node:crypto';
}

/** Which SHA-256 webhook MACs use, and how many hashes the host computed (tests read these). */
export function macBackend() {
  return { backend, calls };
}

/** From the core: is there a host SHA-256? */
export function hostSha256Available() {
  return hash !== null;
}

/** From the core: SHA-256 of `input` into `out` (32 bytes). */
export function hostSha256(input, out) {
  if (hash === null) return false;
  out.set(hash(input));
  calls++;
  return true;
}
