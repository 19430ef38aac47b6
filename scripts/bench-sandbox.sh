#!/usr/bin/env bash
# The sandbox's budget (a benchmark, not a test): payment creations per second and p99 latency
# with the SQLite store, and 10,000 webhook deliveries through an endpoint that fails for a while
# and then recovers. The `kinetic` binary is built with Cargo's default release settings
# (`--profile bench`: opt-level 3, no LTO), not the size-tuned release profile of the wasm.
# Usage: bash scripts/bench-sandbox.sh [SECONDS] [CLIENTS]     (default 10 s, 8 clients)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
cargo build --quiet --profile bench -p kinetic-flow-cli --bin kinetic --example bench_sandbox
dir=target/release
[ -x "$dir/kinetic" ] || dir=target/bench
echo "machine: $(nproc) cores, $(uname -sm); $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
"$dir/examples/bench_sandbox" "$PWD/$dir/kinetic" "${1:-10}" "${2:-8}"
