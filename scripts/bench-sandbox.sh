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
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
  echo "machine: $(nproc) cores, $(uname -sm), load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); $(date -u +%Y-%m-%dT%H:%M) UTC"
  "$dir/examples/bench_sandbox" "$PWD/$dir/kinetic" "${1:-10}" "${2:-8}"
} | tee "$out"
# BENCHMARKS.md's sandbox section (the last one, kept by bench-node.sh) is this run's output.
python3 - "$out" BENCHMARKS.md <<'PY'
import sys
run, path = open(sys.argv[1]).read().rstrip(), sys.argv[2]
text = open(path).read()
head = "### The sandbox"
at = text.find(head)
if at < 0:
    sys.exit("BENCHMARKS.md has no sandbox section")
title = text[at:].split("\n", 1)[0]
body = "From `bash scripts/bench-sandbox.sh`:\n\n```text\n" + run + "\n```\n"
open(path, "w").write(text[:at] + title + "\n\n" + body)
PY
