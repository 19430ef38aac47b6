#!/usr/bin/env bash
# Runs every test suite of kinetic-flow-core. Installs what it needs, skips what is there.
# Usage: bash scripts/test.sh        (CI runs exactly this, through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

# Disk. A fresh run writes about 3 GiB (target/, fuzz/target, the matrix's node_modules). The CI
# run of 2026-12-01 died in the fuzz build with "No space left on device" on a shared disk, so the
# test command keeps its footprint down: no incremental caches (1.7 GiB of target/debug, useless
# for one full run), line tables instead of full debug info in test builds (the same backtraces
# with file and line), and, under CI, the fuzz build removed once the smoke run is done.
export CARGO_INCREMENTAL=0
export CARGO_PROFILE_DEV_DEBUG=line-tables-only
export CARGO_PROFILE_TEST_DEBUG=line-tables-only
free_kib=$(df -Pk . | awk 'NR==2 {print $4}')
echo "disk: $((free_kib / 1024 / 1024)) GiB free where the run writes ($(pwd))"
if [ "$free_kib" -lt $((4 * 1024 * 1024)) ]; then
  echo "warning: under 4 GiB free; a fresh run writes about 3 GiB and may fail with ENOSPC" >&2
fi

step "toolchain"
bash scripts/setup.sh

step "rust: fmt, clippy (the core native and wasm32, the binding crate), docs"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --all-features -- -D warnings
cargo clippy --lib --no-default-features -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
# The npm modules are built with WebAssembly SIMD (scripts/build-pkg.sh): its code paths too.
RUSTFLAGS="-Ctarget-feature=+simd128" cargo clippy --lib --target wasm32-unknown-unknown --target-dir target/clippy-simd -- -D warnings
cargo clippy -p kinetic-flow-wasm -p kinetic-flow-wasm-webhooks -p kinetic-flow-wasm-sandbox --target wasm32-unknown-unknown -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p kinetic-flow-core --all-features
bash scripts/doc-examples.sh

step "rust: the core crate has no binding dependency on wasm32, and no cdylib"
if cargo tree -p kinetic-flow-core --target wasm32-unknown-unknown -e normal | grep -E 'wasm-bindgen|js-sys|talc'; then
  echo "the core crate depends on a binding crate on wasm32" >&2
  exit 1
fi
if grep -q cdylib Cargo.toml; then echo "the core crate must not be a cdylib" >&2; exit 1; fi

step "rust: MSRV"
bash scripts/msrv.sh

step "rust: the core's layers (every crate:: path of src/ against the drawing in ARCHITECTURE.md)"
python3 scripts/layers.py

step "vectors: each file is exactly what its independent Python generator writes"
bash scripts/check-vectors.sh

step "rust: tests (unit, vectors, properties, doctests)"
cargo test --all-targets
cargo test --doc
cargo test --quiet --doc --features http
cargo test --quiet --features axum,tracing --lib axum::
cargo test --quiet --doc --features axum -- axum ReadmeDoctests
cargo test --quiet --no-default-features --lib --tests

step "rust: the core as a dependency: wasm32-unknown-unknown with its own allocator, wasm32-wasip1"
bash scripts/test-dependents.sh

step "rust: cargo package builds the crate from its packaged files alone"
cargo package --quiet --allow-dirty --locked -p kinetic-flow-core
cargo package --list --allow-dirty -p kinetic-flow-core > target/package-files.txt
for f in README.md LICENSE-MIT LICENSE-APACHE CHANGELOG.md tests/vectors/webhooks.json; do
  grep -qx "$f" target/package-files.txt || { echo "cargo package is missing $f" >&2; exit 1; }
done
echo "package: kinetic-flow-core-$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1).crate, $(wc -l < target/package-files.txt) files"

step "rust: fuzz smoke (every cargo-fuzz target, a few seconds each; long run: scripts/fuzz-long.sh)"
bash scripts/fuzz-smoke.sh 4
if [ "${CI:-}" = "true" ]; then rm -rf fuzz/target; fi

step "rust: the demo runs"
cargo run --quiet --example quickstart > /dev/null

step "sdk: the kinetic-flow crate against every fault kind; its example sends to kinetic sandbox (the first response is lost)"
cargo clippy --quiet -p kinetic-flow --all-targets --all-features -- -D warnings
cargo test --quiet -p kinetic-flow
cargo test --quiet -p kinetic-flow --features axum --doc
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p kinetic-flow --all-features
bash scripts/send-example.sh

step "rust: examples/axum.rs serves on 127.0.0.1; signed, tampered, stale and broken deliveries"
cargo build --quiet --example axum --features axum
cargo test --quiet --features axum --test axum_example

step "cli: the kinetic command (sign, verify and its diagnoses, validate, exit codes)"
cargo clippy --quiet -p kinetic-flow-cli --all-targets -- -D warnings
cargo test --quiet -p kinetic-flow-cli

step "sandbox: the engine (clippy native and wasm32, properties, docs); kinetic sandbox end to end and the kill test run in the cli step above"
cargo clippy --quiet -p kinetic-flow-sandbox --all-targets -- -D warnings
cargo clippy --quiet -p kinetic-flow-sandbox --lib --target wasm32-unknown-unknown -- -D warnings
cargo test --quiet -p kinetic-flow-sandbox
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps -p kinetic-flow-sandbox

step "js: the npm package in Node, Deno, workerd and Chromium"
bash scripts/test-js.sh

step "js: @kinetic/flow/sandbox: one suite against kinetic sandbox and createSandbox (Node 22, 24, Bun, Deno), its examples, npx"
bash tests/js/sandbox/run.sh

echo
du -sh . 2>/dev/null | awk '{print "disk: the run left " $1 " in the checkout"}'
echo "all suites passed"
