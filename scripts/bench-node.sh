#!/usr/bin/env bash
# Node benchmark of the npm package against stripe, standardwebhooks, svix, hash-wasm and
# node:crypto: throughput (alternating contenders), size, start-up, memory. A benchmark, never a
# test: not in test.sh.
#   bash scripts/bench-node.sh [throughput|size|startup|memory|all]     (default all)
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

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
node bench.mjs "${1:-all}"
