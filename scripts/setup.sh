#!/usr/bin/env bash
# Installs what the tests need, skipping what is already there: the wasm32 target and
# wasm-bindgen-cli at exactly the version the crate pins.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

pinned=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$pinned" ]; then
  echo "installing wasm-bindgen-cli $pinned (a few minutes)"
  # --locked fails on this registry mirror (PACKAGING.md); install unlocked at the exact version.
  cargo install wasm-bindgen-cli --version "$pinned"
fi
