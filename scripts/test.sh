#!/usr/bin/env bash
# Runs every test suite of kinetic-flow-core. Installs what it needs, skips what is there.
# Usage: bash scripts/test.sh        (CI runs exactly this, through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
bash scripts/setup.sh

step "rust: fmt, clippy (native and wasm32)"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

step "vectors: each file is exactly what its independent Python generator writes"
bash scripts/check-vectors.sh

step "rust: tests (unit, vectors, properties, doctests)"
cargo test --all-targets
cargo test --doc

step "rust: fuzz smoke (every cargo-fuzz target, a few seconds each; long run: scripts/fuzz-long.sh)"
bash scripts/fuzz-smoke.sh 4

step "rust: the demo runs"
cargo run --quiet --example quickstart > /dev/null

step "js: the npm package in Node, Deno, workerd and Chromium"
bash scripts/test-js.sh

echo
echo "all suites passed"
