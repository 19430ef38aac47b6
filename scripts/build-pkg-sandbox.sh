#!/usr/bin/env bash
# The third wasm module of the npm package: the sandbox engine (wasm/sandbox, crate
# kinetic-flow-wasm-sandbox) for `@kinetic/flow/sandbox` and `npx @kinetic/flow sandbox`.
# Called by scripts/build-pkg.sh with its toolchain, target dir and flags, once pkg/ holds the
# templates: cargo build (release, -Z build-std) -> wasm-bindgen --target web -> wasm-opt -> pkg/.
# Only pkg/sandbox/ loads it; the root and ./webhooks entries never import it (scripts/test-js.sh
# checks their import graphs and sizes).
set -euo pipefail
cd "$(dirname "$0")/.."
toolchain=$1 wasm_target=$2 rustflags=$3
bin=tests/js/node_modules/.bin
out=target/wasm-bindgen-sandbox
stem=kinetic_flow_sandbox
(cd wasm &&
  CARGO_TARGET_DIR=$wasm_target RUSTFLAGS="$rustflags" \
    cargo "+$toolchain" build --quiet --locked --release --target wasm32-unknown-unknown --lib \
    -p kinetic-flow-wasm-sandbox -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size)
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-name "$stem" --out-dir "$out" \
  "$wasm_target/wasm32-unknown-unknown/release/kinetic_flow_wasm_sandbox.wasm"
"$bin/wasm-opt" "$out/${stem}_bg.wasm" -Oz --converge --strip-debug --strip-producers \
  --strip-target-features -o "pkg/${stem}_bg.wasm"
# The shell (pkg/sandbox/engine.js) always hands initSync the compiled module: the async init's
# default URL is never used.
cp "$out/$stem.js" "pkg/$stem.js"
grep -q '^function initSync(module) {$' "pkg/$stem.js" || { echo "wasm-bindgen glue changed: update build-pkg-sandbox.sh" >&2; exit 1; }
# The CommonJS copy (require('@kinetic/flow/sandbox')): the shell and the glue in one file; the
# error classes stay the package's one CommonJS copy (lib/errors.cjs, built by build-pkg.sh), so
# its errors are `instanceof` the root's.
cp pkg/sandbox.d.ts pkg/sandbox.d.cts
(cd pkg/sandbox && "../../$bin/esbuild" server.js --bundle --format=cjs --platform=node --log-level=warning \
  --external:../lib/errors.js --define:import.meta.url=__kinetic_sandbox_url \
  "--banner:js=const __kinetic_sandbox_url = require('node:url').pathToFileURL(__filename).href;" \
  --outfile=server.cjs)
grep -q 'require("../lib/errors.js")' pkg/sandbox/server.cjs || { echo "build-pkg-sandbox: server.cjs does not require errors.js" >&2; exit 1; }
sed -i 's|require("../lib/errors.js")|require("../lib/errors.cjs")|' pkg/sandbox/server.cjs
