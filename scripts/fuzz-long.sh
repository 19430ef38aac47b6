#!/usr/bin/env bash
# The long fuzz run (SECURITY.md): each target in turn for SECONDS (default 600) under nice,
# with a per-input timeout (hangs) and an RSS limit (leaks; AddressSanitizer's leak check is on).
# Prints each target's final libFuzzer stats (executions, cov, ft); crashes land in
# fuzz/artifacts/<target>/ and fail the run.
# Usage: bash scripts/fuzz-long.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
nightly=$(sed -n 's/^channel = "\(.*\)"/\1/p' wasm/rust-toolchain.toml)
secs="${1:-600}"
shift || true
command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz
python3 scripts/fuzz-seed.py > /dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo "+$nightly" fuzz list)
fi
mkdir -p fuzz/logs
for t in "${targets[@]}"; do
  log="fuzz/logs/$t.log"
  echo "==> $t (${secs}s): nice cargo "+$nightly" fuzz run $t -- -max_total_time=$secs -timeout=10 -rss_limit_mb=2048 -print_final_stats=1"
  nice -n 10 cargo "+$nightly" fuzz run "$t" -- -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 > "$log" 2>&1 || { tail -40 "$log"; exit 1; }
  grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$log"
done
