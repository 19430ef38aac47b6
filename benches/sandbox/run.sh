#!/usr/bin/env bash
# The start time of createSandbox, from the packed tarball (dist/*.tgz, scripts/build-pkg.sh), in
# Node 22 and 24 (tests/js/matrix). A benchmark, never a test: it prints figures and asserts none.
# Usage: bash benches/sandbox/run.sh [N]   (N cold processes, 5N warm starts; default 20)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
tarball=$(ls "$root"/dist/*.tgz)
scratch=$root/target/sandbox-bench
rm -rf "$scratch"
mkdir -p "$scratch"
printf '{ "name": "kinetic-flow-sandbox-bench", "private": true, "type": "module",\n  "dependencies": { "@kinetic/flow": "file:%s" } }\n' "$tarball" > "$scratch/package.json"
(cd "$scratch" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
cp benches/sandbox/start.mjs "$scratch/"
echo "kinetic_flow_sandbox_bg.wasm: $(stat -c %s "$scratch/node_modules/@kinetic/flow/kinetic_flow_sandbox_bg.wasm") bytes raw, $(gzip -9 -c "$scratch/node_modules/@kinetic/flow/kinetic_flow_sandbox_bg.wasm" | wc -c) gzipped"
for v in 22 24; do
  (cd "$scratch" && "$root/tests/js/matrix/node_modules/node$v/bin/node" start.mjs "${1:-20}")
done
