#!/usr/bin/env bash
# Builds the npm package @kinetic/flow into pkg/ and packs it into dist/ (one .tgz), with its
# two wasm modules: the full one (wasm/, kinetic_flow_core_bg.wasm, the root entry) and the
# webhooks-only one (wasm/webhooks, kinetic_flow_webhooks_bg.wasm, `@kinetic/flow/webhooks`).
#   cargo build of both (wasm32, release profile of Cargo.toml) -> wasm-bindgen --target web (once
#   each) -> wasm-opt (npm binaryen) -> the CommonJS copies (esbuild) -> pkg-templates/ -> npm pack
# Needs scripts/setup.sh and scripts/setup-js.sh first (scripts/test-js.sh runs them).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

name=kinetic_flow_core
# The webhooks-only module: its own crate, the same toolchain, flags and steps.
webhooks=kinetic_flow_webhooks
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
# WebAssembly SIMD (`+simd128`, every module): the JSON scan's string loop takes 16 bytes a step
# (src/json/scan/plain.rs), and LLVM's own use of it makes the modules smaller. Every runtime the package
# claims has it (Node >= 16.4, Deno, Bun, workerd, Chrome 91, Firefox 89, Safari 16.4); an engine
# without it refuses the module at compile time (DESIGN.md, "WebAssembly SIMD").
rustflags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Ctarget-feature=+simd128 --remap-path-prefix=$root=/kinetic-flow --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$(rustup run "$toolchain" rustc --print sysroot)=/rustc"
# The full module (it links the webhooks crate with its default `bindgen` feature), with std's
# `optimize_for_size` feature: smaller sorts, integer formatting and escapes in core and alloc,
# same results (BENCHMARKS.md, issue 14, "full module").
# Without the reference-types and multivalue features: wasm-bindgen then passes JS values through
# its JS-side slab and results through a return pointer, not through an externref table and
# multivalue returns, whose per-export shims were larger: 1.9 KB raw and 1.1 KB gzipped less
# module for 0.25 KB more gzipped glue (DESIGN.md, "Module sizes"). The webhook calls are plain
# exports of numbers either way, and the webhooks module does not change. Its own target
# directory: other RUSTFLAGS in the shared one rebuilt std and the core on every run (+60 s).
full_target=$PWD/target/build-std-full
(cd wasm &&
  CARGO_TARGET_DIR=$full_target RUSTFLAGS="$rustflags -Ctarget-feature=-reference-types,-multivalue" \
    cargo "+$toolchain" build --quiet --locked --release --target wasm32-unknown-unknown --lib \
    -p kinetic-flow-wasm -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size)
# The webhooks-only module: its own cargo run, without wasm-bindgen (`--no-default-features`:
# plain extern "C" exports, the hand-written glue wasm/webhooks/glue.js), at its own profile
# (`wasm-webhooks` in Cargo.toml: release, with its own per-crate opt-levels).
(cd wasm &&
  CARGO_TARGET_DIR=$wasm_target RUSTFLAGS="$rustflags" \
    cargo "+$toolchain" build --quiet --locked --profile wasm-webhooks --target wasm32-unknown-unknown --lib \
    -p kinetic-flow-wasm-webhooks --no-default-features -Z build-std=std,panic_abort)

rm -rf "$out" pkg dist
mkdir -p "$out" pkg dist

# wasm-bindgen, wasm-opt and the recovery exports, for one module: $1 the crate's artifact name,
# $2 the package's file stem.
bindgen() {
  local crate=$1 stem=$2
  # Hand-written types ship in the package (pkg-templates/*.d.ts), so no generated .d.ts.
  wasm-bindgen --target web --no-typescript --out-name "$stem" --out-dir "$out" \
    "$full_target/wasm32-unknown-unknown/release/$crate.wasm"
  # Short names between the module and its glue (imports `a.a`, `a.b`, ...; the exports the glue
  # calls), in both files: the hashed import names were 1.8 KB raw, 1.0 KB gzipped of the module.
  # The webhook exports (`kf_*`) and `memory` keep theirs: lib/webhook-calls.js and lib/api.js
  # read them by name (DESIGN.md, "Module sizes").
  node scripts/short-wasm-names.mjs "$out/${stem}_bg.wasm" "$out/$stem.js" 'memory,kf_*'

  # -Oz --converge (repeats until nothing changes: 0.1 KB): size. sha2/hmac are already compiled
  # at opt-level 3 by rustc (Cargo.toml); measured in BENCHMARKS.md ("Size"): -O3 here buys
  # little speed for much size. --strip-target-features drops the `target_features` section
  # (which features rustc used: read by tools, never by a runtime; 0.15 KB). --low-memory-unused:
  # see the webhooks module below.
  "$bin/wasm-opt" "$out/${stem}_bg.wasm" -Oz --converge --strip-debug --strip-producers \
    --strip-target-features --low-memory-unused -o "pkg/${stem}_bg.wasm"

  # The glue, plus two exports the JS layer needs to survive a trap: is the instance ready, and
  # start a fresh instance from the same compiled module. They read the glue's own `wasm` and
  # `wasmModule` bindings; fail loudly if a wasm-bindgen upgrade renames them.
  local glue="$out/$stem.js"
  grep -q '^let wasmModule, wasmInstance, wasm;$' "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh" >&2; exit 1; }
  grep -q '^function initSync(module) {$' "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh" >&2; exit 1; }
  # The glue imports the host SHA-256 hook from ./lib/mac.js (wasm/webhooks/src/mac.rs:
  # `raw_module`), the package's own pkg-templates/lib/mac.js: the one module instance the entries
  # and the JS layers share.
  grep -q "^import .*from '\./lib/mac\.js';\$" "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh (mac.js import)" >&2; exit 1; }
  ! grep -q "snippets/" "$glue" || { echo "unexpected wasm-bindgen snippet in the glue" >&2; exit 1; }
  # initSync compiles anything that is not `instanceof WebAssembly.Module`; a Module compiled in
  # another realm (Next.js's Edge sandbox hands the `?module` import over from outside its vm
  # context) fails that test and then fails to compile ("Argument 0 must be a buffer source").
  # Recognise a Module by its tag too.
  grep -qxF '    if (!(module instanceof WebAssembly.Module)) {' "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh (initSync module check)" >&2; exit 1; }
  # The async init's default, `new URL('<stem>_bg.wasm', import.meta.url)`, goes: webpack and
  # Turbopack emit the .wasm of every such URL they meet, so the Node bundles that inline the bytes
  # (entries/node-bundled.mjs) shipped an unused copy of the module beside them (BENCHMARKS.md,
  # "No stray .wasm"). The browser entry passes that URL itself (entries/browser.js).
  local default_url="        module_or_path = new URL('${stem}_bg.wasm', import.meta.url);"
  grep -qxF "$default_url" "$glue" || { echo "wasm-bindgen glue changed: update build-pkg.sh (init's default URL)" >&2; exit 1; }
  {
    sed -e "s#^    if (!(module instanceof WebAssembly.Module)) {\$#    if (!(module instanceof WebAssembly.Module) \&\& Object.prototype.toString.call(module) !== '[object WebAssembly.Module]') {#" \
      -e "s#^        module_or_path = new URL('${stem}_bg.wasm', import.meta.url);\$#        throw new TypeError('init() needs the module: its URL, a Response, its bytes or a WebAssembly.Module');#" \
      "$glue"
    cat <<'JS'

// Added by scripts/build-pkg.sh: the instance's exports, for the webhook calls over its plain
// exports (lib/webhook-calls.js), and for lib/webhook.js the recovery after a wasm trap.
export function __kineticExports() { return wasm; }
export function __kineticReady() { return wasm !== undefined; }
export function __kineticReinstantiate() {
    const module = wasmModule;
    if (module === undefined) return false;
    wasm = undefined;
    initSync({ module });
    return true;
}
JS
  } > "pkg/$stem.js"
  grep -qF "'[object WebAssembly.Module]'" "pkg/$stem.js" || { echo "initSync module check not rewritten" >&2; exit 1; }
  ! grep -q "import\.meta\.url" "pkg/$stem.js" || { echo "build-pkg: the glue still resolves a URL from import.meta.url" >&2; exit 1; }
}
bindgen kinetic_flow_wasm "$name"
# The webhooks-only module has no wasm-bindgen: wasm-opt on rustc's output, then its own glue.
# `--strip-target-features` drops the `target_features` custom section (tools read it, engines
# do not: 151 B raw, 122 B gzipped; BENCHMARKS.md, issue 14, "The webhooks module, smaller").
# `--low-memory-unused` lets wasm-opt fold a constant added to an address into the load's or
# store's offset (whose sum does not wrap), which is the same access unless an address below 1 KiB
# was meant: rustc's layout puts the stack below 1 MiB, growing down, and the data and heap above,
# so nothing lives there (DESIGN.md, "Module sizes"; webhooks module 0.45 KB raw, 0.2 KB gzipped).
webhooks_flags=(-Oz --converge --strip-debug --strip-producers --strip-target-features --low-memory-unused)
"$bin/wasm-opt" "$wasm_target/wasm32-unknown-unknown/wasm-webhooks/kinetic_flow_wasm_webhooks.wasm" \
  "${webhooks_flags[@]}" -o "pkg/${webhooks}_bg.wasm"
cp wasm/webhooks/glue.js "pkg/$webhooks.js"
! grep -q "import\.meta\.url" "pkg/$webhooks.js" || { echo "build-pkg: the webhooks glue resolves a URL from import.meta.url" >&2; exit 1; }

cp -r pkg-templates/. pkg/
# The sandbox engine, the third module (only ./sandbox loads it).
bash scripts/build-pkg-sandbox.sh "$toolchain" "$wasm_target" "$rustflags"
cp LICENSE-MIT LICENSE-APACHE pkg/
# The bytes for bundled Node (entries/node-bundled.mjs, the `module` condition): the same .wasm,
# base64 in a module, so a bundle runs without the file (BENCHMARKS.md "Bundled Node start-up").
node -e '
  const fs = require("fs");
  const b64 = fs.readFileSync(process.argv[1]).toString("base64");
  fs.writeFileSync("pkg/lib/wasm-inline.js", "// The bytes of ../" + require("path").basename(process.argv[1]) +
    ", base64 (scripts/build-pkg.sh).\nexport default \"" + b64 + "\";\n");' "pkg/${name}_bg.wasm"
# The same for the webhooks entry (entries/webhooks/node-bundled.mjs): its own small module only.
node -e '
  const fs = require("fs");
  const b64 = fs.readFileSync(process.argv[1]).toString("base64");
  fs.writeFileSync("pkg/lib/webhooks-wasm-inline.js", "// The bytes of ../" + require("path").basename(process.argv[1]) +
    ", base64 (scripts/build-pkg.sh).\nexport default \"" + b64 + "\";\n");' "pkg/${webhooks}_bg.wasm"

# The Node ESM entries of both entries, each as one file with the lib/*.js it reaches
# (scripts/bundle-esm-entry.mjs: lib/errors.js, lib/mac.js and the glue stay shared files): the
# ESM loader resolves and reads each module file on its own, which was most of an import's time in
# a fresh process (BENCHMARKS.md, issue 14, "Start-up"). import.meta.url is the entry's own, as
# before, so the .wasm paths relative to it hold.
# Each also as node-sync.mjs, the same bundle without node:module, for Node's `module-sync` condition
# (Node >= 20.19 and 22.12); the webhooks entry, which defines no class, minified (DESIGN.md, "Start-up").
node scripts/bundle-esm-entry.mjs pkg/entries/node.mjs pkg/entries/node-sync.mjs
node scripts/bundle-esm-entry.mjs pkg/entries/webhooks/node.mjs pkg/entries/webhooks/node-sync.mjs --minify

# The CommonJS declarations (the webhooks entry's re-exports point at the root's .d.cts): `export =` of the Kinetic class, its named exports as properties and
# its types in a namespace of the same name (scripts/cjs-types.mjs), as entries/node.cjs exports it.
node scripts/cjs-types.mjs pkg/index.d.ts pkg/index.d.cts
sed "s|'./index.js'|'./index.cjs'|" pkg/webhooks.d.ts > pkg/webhooks.d.cts

# The CommonJS copies: the shared layer, the glue and mac.js in one file each (import.meta.url is
# only used by the browser's async init, never by the Node CJS entries). The error classes are one
# more file that both require (lib/errors.cjs), so an error of either CJS entry is `instanceof`
# the other's classes.
# $3: more esbuild flags (--minify for the webhooks copy, as its ESM entry).
cjs() {
  (cd pkg/lib && echo "$1" |
    "../../$bin/esbuild" --bundle --format=cjs --platform=neutral --log-level=warning ${3:-} \
      --define:import.meta.url=undefined --external:./errors.js \
      --sourcefile="${2%.cjs}-cjs.js" --outfile="$2")
  grep -q 'require("./errors.js")' "pkg/lib/$2" || { echo "build-pkg: $2 does not require errors.js" >&2; exit 1; }
  sed -i 's|require("./errors.js")|require("./errors.cjs")|' "pkg/lib/$2"
}
(cd pkg/lib && "../../$bin/esbuild" errors.js --format=cjs --platform=neutral --log-level=warning --outfile=errors.cjs)
cjs "export * as api from './api.js'; export { initSync } from '../$name.js'; export { installSha256 } from './mac.js'; export { readWasm, wasmCandidates } from './locate.js';" core.cjs
cjs "export * as api from './webhooks-api.js'; export { initSync } from '../$webhooks.js'; export { installSha256 } from './mac.js'; export { readWasm, wasmCandidates } from './locate.js';" webhooks.cjs --minify

# The package version is the crate's.
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
node -e '
  const fs = require("fs"); const p = "pkg/package.json";
  const j = JSON.parse(fs.readFileSync(p, "utf8")); j.version = process.argv[1];
  fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");' "$version"

# The sizes of this build, at the end of the packed README: measured on these bytes, never written
# by hand.
{
  printf '\n## Sizes of this build\n\n| module | raw | gzipped (-9) |\n|---|---|---|\n'
  for stem in "$name" "$webhooks" kinetic_flow_sandbox; do
    wasm="pkg/${stem}_bg.wasm"
    printf '| `%s` | %s B | %s B |\n' "${stem}_bg.wasm" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)"
  done
} >> pkg/README.md

(cd pkg && npm pack --silent --pack-destination ../dist > /dev/null)
tarball=$(ls dist/*.tgz)
echo "built $tarball ($(stat -c %s "$tarball") bytes)"
for stem in "$name" "$webhooks" kinetic_flow_sandbox; do
  wasm="pkg/${stem}_bg.wasm"
  echo "  ${stem}_bg.wasm: $(stat -c %s "$wasm") bytes raw, $(gzip -9 -c "$wasm" | wc -c) gzipped, sha256 $(sha256sum "$wasm" | cut -d' ' -f1)"
done
