#!/usr/bin/env bash
# Benchmark of the npm package in every runtime it targets, against SPEC section 8's peers there
# (stripe, standardwebhooks) and each runtime's floor (its native HMAC-SHA256 + JSON.parse):
# verify at 256 B, 2 KiB and 16 KiB in Node 22 and 24, Bun, Deno and workerd with and without
# nodejs_compat, the wasm fallback against hash-wasm, then start-up of every entry, size and
# memory on Node 24. `all` ends with the budget table and rewrites BENCHMARKS.md from it.
# A benchmark, never a test: not in test.sh.
#   bash scripts/bench-node.sh [all|runtimes|workerd|size|startup|memory|throughput]   (default all)
# Builds and packs the package (scripts/build-pkg.sh), installs the peers and the Node 22/24
# binaries pinned in benches/node/package-lock.json and the packed tarball, then runs
# benches/node/runtimes.mjs in each runtime, benches/node/workerd.mjs and benches/node/bench.mjs.
# Env: SKIP_BUILD=1 reuses dist/*.tgz; BENCH_ROUNDS, BENCH_BATCH_MS, BENCH_STARTUP_RUNS,
# BENCH_MEMORY_CALLS (see bench.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ "${SKIP_BUILD:-}" != 1 ] || ! ls dist/*.tgz > /dev/null 2>&1; then
  bash scripts/setup.sh
  bash scripts/setup-js.sh
  bash scripts/build-pkg.sh
fi
tarball=$(ls "$PWD"/dist/*.tgz | head -1)

cd benches/node
# Peers and Node binaries exactly as locked (reinstalled only when the lock changed), then the
# package under test, never saved to package.json or the lock.
stamp=node_modules/.kinetic-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
npm install --no-save --no-audit --no-fund --loglevel=error "$tarball"

part=${1:-all}
tools=$root/tests/js/node_modules/.bin
node22=$PWD/node_modules/node22/bin/node
node24=$PWD/node_modules/node24/bin/node
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
load0=$(cut -d" " -f1-3 /proc/loadavg)
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "machine: $machine, load $(cut -d' ' -f1-3 /proc/loadavg)"
on() { [ "$part" = all ] || [ "$part" = "$1" ]; }

if on runtimes; then
  "$node24" runtimes.mjs node24 "$results/node24.json"
  "$node22" runtimes.mjs node22 "$results/node22.json"
  "$tools/bun" runtimes.mjs bun "$results/bun.json"
  NO_COLOR=1 DENO_NO_UPDATE_CHECK=1 "$tools/deno" run --allow-read --allow-write --allow-env runtimes.mjs deno "$results/deno.json"
  # The wasm fallback (no native hash) against hash-wasm, both in wasm, in Deno (V8).
  BENCH_FORCE_WASM=1 NO_COLOR=1 DENO_NO_UPDATE_CHECK=1 "$tools/deno" run --allow-read --allow-write --allow-env runtimes.mjs deno-wasm "$results/deno-wasm.json"
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
fi
if on workerd; then
  "$node24" workerd.mjs "$results/"
  echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
fi
case "$part" in
  runtimes | workerd) exit 0 ;;
esac
write=""
[ "$part" = all ] && write=$root/BENCHMARKS.md
BENCH_RESULTS_DIR=$results BENCH_WRITE=$write BENCH_MACHINE="$machine, load at start $load0" \
  BENCH_COMMIT="commit $(git -C "$root" rev-parse --short HEAD)" "$node24" bench.mjs "$part"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
