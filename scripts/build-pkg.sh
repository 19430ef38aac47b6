#!/usr/bin/env bash
# Builds the npm package @kinetic/flow-core into pkg/ and packs it into dist/ (one .tgz).
#   cargo build (wasm32, release profile of Cargo.toml) -> wasm-bindgen --target web (once) ->
#   wasm-opt (npm binaryen) -> the CommonJS copy (esbuild) -> pkg-templates/ -> npm pack
# Needs scripts/setup.sh and scripts/setup-js.sh first (scripts/test-js.sh runs them).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

name=kinetic_flow_core
bin=tests/js/node_modules/.bin
out=target/wasm-bindgen

# One path, on every machine: the pinned nightly of wasm/rust-toolchain.toml (scripts/setup.sh
# installs it), `-Z build-std` so std is rebuilt at the release profile, and panics as a bare trap
# (`-C panic=immediate-abort`: no panic messages, locations or formatting machinery; api.js
# recovers from a trap). No fallback: a machine without that toolchain fails here, it does not ship
# another artifact. Paths are remapped so the checkout's location cannot reach the bytes.
toolchain=$(sed -n 's/^channel = "\(.*\)"/\1/p' wasm/rust-toolchain.toml)
if ! rustup run "$toolchain" rustc --version > /dev/null 2>&1 ||
  ! rustup component list --toolchain "$toolchain" --installed 2>/dev/null | grep -q '^rust-src'; then
  echo "build-pkg: toolchain $toolchain with rust-src is missing: run bash scripts/setup.sh" >&2
  exit 1
fi
wasm_target=$PWD/target/build-std
echo "build-pkg: $(rustup run "$toolchain" rustc --version), -Z build-std"
(cd wasm &&
  CARGO_TARGET_DIR=$wasm_target \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --remap-path-prefix=$root=/kinetic-flow --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$(rustup run "$toolchain" rustc --print sysroot)=/rustc" \
    cargo "+$toolchain" build --quiet --locked --release --target wasm32-unknown-unknown --lib \
    -Z build-std=std,panic_abort)

rm -rf "$out" pkg dist
mkdir -p "$out" pkg dist
# Hand-written types ship in the package (pkg-templates/index.d.ts), so no generated .d.ts.
wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$out" \
  "$wasm_target/wasm32-unknown-unknown/release/kinetic_flow_wasm.wasm"

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
# The glue imports the host SHA-256 hook from ./lib/mac.js (wasm/src/mac.rs: `raw_module`), the
# package's own pkg-templates/lib/mac.js: the one module instance the entries and lib/api.js share.
grep -q "^import .*from '\./lib/mac\.js';\$" "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh (mac.js import)" >&2; exit 1; }
! grep -q "snippets/" "$glue" || { echo "unexpected wasm-bindgen snippet in the glue" >&2; exit 1; }
{
  cat "$glue"
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

cp -r pkg-templates/. pkg/
cp LICENSE-MIT LICENSE-APACHE pkg/
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
sha=$(sha256sum "pkg/${name}_bg.wasm" | cut -d' ' -f1)
echo "built $tarball ($(stat -c %s "$tarball") bytes); ${name}_bg.wasm: $raw bytes raw, $gz gzipped, sha256 $sha"
