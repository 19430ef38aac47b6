#!/usr/bin/env bash
# Timing check of webhook verification (a benchmark, never a test: not in test.sh). Measures
# whether refusing a wrong signature takes longer when more of its leading bytes are right
# (dudect-style Welch t-test over interleaved samples, with a leaky positive control).
# Usage: bash scripts/timing-leak.sh [SAMPLES_PER_CLASS [PAIRS [BODY_LENS]]]
#   defaults: 1000000, "0:31,0:16" (leading bytes right, compared pairwise), "0,1024" (bytes)
# Built with the bench profile (opt-level 3, what a native user compiles). Run it on a quiet
# machine: other jobs add noise to both classes alike but lower the test's power.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --quiet --profile bench --example timing_leak -- "${1:-1000000}" "${2:-0:31,0:16}" "${3:-0,1024}"
