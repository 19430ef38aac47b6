#!/usr/bin/env bash
# A short, bounded fuzz run of every cargo-fuzz target (default 5 s each, about 30 s in all,
# plus the first build), called by scripts/test.sh. It catches a target that no longer builds
# and a crash the seed corpus or a few hundred thousand inputs reach. The long run is
# scripts/fuzz-long.sh (SECURITY.md).
# Needs the pinned nightly of wasm/rust-toolchain.toml (scripts/setup.sh) and cargo-fuzz; installs what is missing (a fresh machine:
# `cargo install cargo-fuzz` about 1 min, the first fuzz build about 1.5 min on 2 cores).
# Usage: bash scripts/fuzz-smoke.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-${FUZZ_SMOKE_SECS:-5}}"

nightly=$(sed -n 's/^channel = "\(.*\)"/\1/p' wasm/rust-toolchain.toml)
if ! rustup run "$nightly" rustc --version > /dev/null 2>&1; then
  rustup toolchain install "$nightly" --profile minimal --no-self-update
fi
if ! command -v cargo-fuzz > /dev/null; then
  echo "installing cargo-fuzz (about a minute)"
  cargo install cargo-fuzz
fi
python3 scripts/fuzz-seed.py > /dev/null
mkdir -p fuzz/logs
if ! cargo "+$nightly" fuzz build > fuzz/logs/smoke-build.log 2>&1; then
  tail -40 fuzz/logs/smoke-build.log
  exit 1
fi

for t in $(cargo "+$nightly" fuzz list); do
  log="fuzz/logs/smoke-$t.log"
  if ! nice cargo "+$nightly" fuzz run "$t" -- -max_total_time="$secs" -timeout=5 \
    -rss_limit_mb=2048 > "$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz smoke: $t failed; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  printf '%-18s %s\n' "$t" "$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)"
done
