#!/usr/bin/env bash
# Installs what the tests and the package build need, skipping what is already there:
# - the wasm32-unknown-unknown and wasm32-wasip1 targets of the default toolchain (the binding
#   crate's clippy, the core's wasm-bindgen tests, the dependent crates of tests/dependents);
# - the pinned nightly of wasm/rust-toolchain.toml with rust-src (the package's .wasm);
# - the MSRV toolchain of Cargo.toml's rust-version (scripts/msrv.sh);
# - wasm-bindgen-cli at exactly the version the binding crate pins.
set -euo pipefail
cd "$(dirname "$0")/.."

installed=$(rustup target list --installed)
for target in wasm32-unknown-unknown wasm32-wasip1; do
  grep -qx "$target" <<< "$installed" || rustup target add "$target"
done

nightly=$(sed -n 's/^channel = "\(.*\)"/\1/p' wasm/rust-toolchain.toml)
if ! rustup component list --toolchain "$nightly" --installed 2>/dev/null | grep -q '^rust-src'; then
  echo "installing $nightly with rust-src (the npm package's toolchain)"
  rustup toolchain install "$nightly" --profile minimal --component rust-src --no-self-update
fi

msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -1)
if ! rustup run "$msrv" rustc --version > /dev/null 2>&1; then
  echo "installing Rust $msrv (the declared MSRV)"
  rustup toolchain install "$msrv" --profile minimal --no-self-update
fi

pinned=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' wasm/Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$pinned" ]; then
  echo "installing wasm-bindgen-cli $pinned (a few minutes)"
  # --locked fails on this registry mirror (PACKAGING.md); install unlocked at the exact version.
  cargo install wasm-bindgen-cli --version "$pinned"
fi
