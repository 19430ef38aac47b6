#!/usr/bin/env bash
# The declared MSRV (Cargo.toml `rust-version`) holds: the core library builds with that toolchain,
# with and without its default features, from the committed lock file. (Tests, benches and the
# binding crate use the current stable; their dev-dependencies need newer compilers.)
# Needs scripts/setup.sh (it installs the MSRV toolchain).
set -euo pipefail
cd "$(dirname "$0")/.."
msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -1)
CARGO_TARGET_DIR=target/msrv cargo "+$msrv" check --quiet --locked -p kinetic-flow-core --lib
CARGO_TARGET_DIR=target/msrv cargo "+$msrv" check --quiet --locked -p kinetic-flow-core --lib --no-default-features
CARGO_TARGET_DIR=target/msrv cargo "+$msrv" check --quiet --locked -p kinetic-flow-core --lib --all-features
echo "msrv: kinetic-flow-core builds with Rust $msrv"
