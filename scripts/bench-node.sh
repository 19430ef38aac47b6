#!/usr/bin/env bash
# Benchmark of the npm package, both entries (`@kinetic/flow-core` and
# `@kinetic/flow-core/webhooks`), against stripe, standardwebhooks, svix, hash-wasm and the
# floors: Node throughput (alternating contenders), size, start-up, memory; the wasm HMAC against
# hash-wasm inside Deno; verify inside workerd against stripe's constructEventAsync. `all` ends
# with every budget of SPEC section 8, its measured value and met/missed. A benchmark, never a
# test: not in test.sh.
#   bash scripts/bench-node.sh [throughput|size|startup|memory|deno|workerd|all]   (default all)
# Builds and packs the package (scripts/build-pkg.sh), installs the peers pinned in
# benches/node/package-lock.json and the packed tarball, then runs benches/node/bench.mjs.
# Env: SKIP_BUILD=1 reuses dist/*.tgz; BENCH_ROUNDS, BENCH_BATCH_MS, BENCH_STARTUP_RUNS,
# BENCH_MEMORY_CALLS (see bench.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_BUILD:-}" != 1 ] || ! ls dist/*.tgz > /dev/null 2>&1; then
  bash scripts/setup.sh
  bash scripts/setup-js.sh
  bash scripts/build-pkg.sh
fi
tarball=$(ls "$PWD"/dist/*.tgz | head -1)

cd benches/node
# Peers exactly as locked (reinstalled only when the lock changed), then the package under test,
# never saved to package.json or the lock.
stamp=node_modules/.kinetic-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm install --no-save --no-audit --no-fund --loglevel=error "$tarball"

part=${1:-all}
tools=../../tests/js/node_modules/.bin
edge=$(mktemp -d)
trap 'rm -rf "$edge"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$part" = all ] || [ "$part" = deno ]; then
  NO_COLOR=1 DENO_NO_UPDATE_CHECK=1 "$tools/deno" run --allow-read --allow-write --allow-env deno.mjs "$edge/deno.json"
fi
if [ "$part" = all ] || [ "$part" = workerd ]; then
  node workerd.mjs "$edge/workerd.json"
fi
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$part" = deno ] || [ "$part" = workerd ] && exit 0
BENCH_DENO_JSON=$edge/deno.json BENCH_WORKERD_JSON=$edge/workerd.json node bench.mjs "$part"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
