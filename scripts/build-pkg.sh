#!/usr/bin/env bash
# Builds the npm package @kinetic/flow-core into pkg/ and packs it into dist/ (one .tgz).
#   cargo build (wasm32, release profile of Cargo.toml) -> wasm-bindgen --target web (once) ->
#   wasm-opt (npm binaryen) -> the CommonJS copy (esbuild) -> pkg-templates/ -> npm pack
# Needs scripts/setup.sh and scripts/setup-js.sh first (scripts/test-js.sh runs them).
set -euo pipefail
cd "$(dirname "$0")/.."

name=kinetic_flow_core
bin=tests/js/node_modules/.bin
out=target/wasm-bindgen

# Size (SPEC 8 budget, BENCHMARKS.md "Size"): when a nightly toolchain with rust-src is installed,
# std is rebuilt with the crate (build-std, at the release profile's opt-level) and panics become
# a bare trap (`-C panic=immediate-abort`: no panic messages, locations or formatting machinery;
# a trap is what panic=abort gives too, and api.js recovers from one). Otherwise, or with
# KFC_STABLE_BUILD=1, the stable build below (same code, a larger .wasm). Its own target dir, so
# the two builds never evict each other's artifacts.
wasm_target=target
if [ "${KFC_STABLE_BUILD:-}" != 1 ] &&
  rustup run nightly rustc --version > /dev/null 2>&1 &&
  rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src'; then
  wasm_target=target/build-std
  echo "build-pkg: nightly build-std ($(rustup run nightly rustc --version))"
  CARGO_TARGET_DIR=$wasm_target \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    cargo +nightly build --quiet --release --target wasm32-unknown-unknown --lib \
    -Z build-std=std,panic_abort
else
  echo "build-pkg: stable build (no nightly with rust-src, or KFC_STABLE_BUILD=1)"
  cargo build --quiet --release --target wasm32-unknown-unknown --lib
fi

rm -rf "$out" pkg dist
mkdir -p "$out" pkg dist
# Hand-written types ship in the package (pkg-templates/index.d.ts), so no generated .d.ts.
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  "$wasm_target/wasm32-unknown-unknown/release/$name.wasm"

# -Oz --converge (repeats until nothing changes: 0.1 KB): size. sha2/hmac are already compiled at opt-level 3 by rustc (Cargo.toml); measured in
# ARCHITECTURE.md ("wasm and the npm package"): -O3 here buys little speed for much size.
"$bin/wasm-opt" "$out/${name}_bg.wasm" -Oz --converge --strip-debug --strip-producers \
  -o "pkg/${name}_bg.wasm"

# The glue, plus two exports the JS layer needs to survive a trap: is the instance ready, and
# start a fresh instance from the same compiled module. They read the glue's own `wasm` and
# `wasmModule` bindings; fail loudly if a wasm-bindgen upgrade renames them.
glue="$out/$name.js"
grep -q '^let wasmModule, wasmInstance, wasm;$' "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh" >&2; exit 1; }
grep -q '^function initSync(module) {$' "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh" >&2; exit 1; }
# The core imports the host's SHA-256 from pkg-templates/lib/mac.js (src/wasm/mac.rs):
# wasm-bindgen imports it from a snippets/ copy; point the glue's `import` statements at the
# package's lib/mac.js instead, the one module instance the entries and lib/api.js share (the
# wasm import names, keys of the imports object, stay as they are).
snippet='\./snippets/kinetic-flow-core-[0-9a-f]*/pkg-templates/lib/mac\.js'
grep -q "^import .*['\"]$snippet['\"]" "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh (mac.js import)" >&2; exit 1; }
[ -z "$(grep "snippets/" "$glue" | grep -v "$snippet" || true)" ] || { echo "unexpected wasm-bindgen snippet in the glue" >&2; exit 1; }
{
  sed "/^import /s#$snippet#./lib/mac.js#" "$glue"
  cat <<'JS'

// Added by scripts/build-pkg.sh for lib/api.js: recovery after a wasm trap.
export function __kineticReady() { return wasm !== undefined; }
export function __kineticReinstantiate() {
    const module = wasmModule;
    if (module === undefined) return false;
    wasm = undefined;
    initSync({ module });
    return true;
}
JS
} > "pkg/$name.js"
! grep -q "^import .*snippets/" "pkg/$name.js" || { echo "mac.js import not rewritten" >&2; exit 1; }

cp -r pkg-templates/. pkg/
# One declaration file for both module systems: .d.cts is the same text read as CommonJS.
cp pkg/index.d.ts pkg/index.d.cts

# The CommonJS copy: the shared layer, the glue and mac.js in one file (import.meta.url is only
# used by the browser's async init, never by the Node CJS entry).
(cd pkg/lib && echo "export * as api from './api.js'; export { initSync } from '../$name.js'; export { installSha256 } from './mac.js';" |
  "../../$bin/esbuild" --bundle --format=cjs --platform=neutral --log-level=warning \
    --define:import.meta.url=undefined --sourcefile=core-cjs.js --outfile=core.cjs)

# The package version is the crate's.
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
node -e '
  const fs = require("fs"); const p = "pkg/package.json";
  const j = JSON.parse(fs.readFileSync(p, "utf8")); j.version = process.argv[1];
  fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");' "$version"

(cd pkg && npm pack --silent --pack-destination ../dist > /dev/null)
tarball=$(ls dist/*.tgz)
raw=$(stat -c %s "pkg/${name}_bg.wasm")
gz=$(gzip -9 -c "pkg/${name}_bg.wasm" | wc -c)
echo "built $tarball ($(stat -c %s "$tarball") bytes); ${name}_bg.wasm: $raw bytes raw, $gz gzipped"
