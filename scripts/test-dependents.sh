#!/usr/bin/env bash
# The core as a dependency, as Rust users on the edge have it (SPEC section 11):
# - tests/dependents/edge: a wasm32-unknown-unknown cdylib with its own #[global_allocator] and
#   extern "C" exports, depending on the core with default-features = false;
# - tests/dependents/wasi: a wasm32-wasip1 program using verify_now (the `clock` feature).
# Both are built here and run by tests/dependents/run.mjs in Node (a bare WebAssembly.Instance with
# no imports, and node:wasi). Needs scripts/setup.sh (the two targets).
set -euo pipefail
cd "$(dirname "$0")/.."
target=$PWD/target/dependents
cargo build --quiet --locked --release --target wasm32-unknown-unknown \
  --manifest-path tests/dependents/edge/Cargo.toml --target-dir "$target"
cargo build --quiet --locked --release --target wasm32-wasip1 \
  --manifest-path tests/dependents/wasi/Cargo.toml --target-dir "$target"
node tests/dependents/run.mjs \
  "$target/wasm32-unknown-unknown/release/edge_dependent.wasm" \
  "$target/wasm32-wasip1/release/wasi-dependent.wasm"
