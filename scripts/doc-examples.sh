#!/usr/bin/env bash
# Every public item of the core has a doc comment with an example (issue 10). rustdoc's
# `missing_doc_code_examples` lint is nightly-only, so this runs on the nightly that
# scripts/setup.sh already installs for the wasm build (wasm/rust-toolchain.toml). The lint
# leaves out what an example would not help (struct fields, enum variants, trait impls).
set -euo pipefail
cd "$(dirname "$0")/.."
toolchain=$(sed -n 's/^channel = "\(.*\)"/\1/p' wasm/rust-toolchain.toml)
out=$(CARGO_TARGET_DIR=target/doc-examples cargo "+$toolchain" rustdoc --quiet --lib -p kinetic-flow-core --all-features -- \
  -Z unstable-options -Zcrate-attr='feature(rustdoc_missing_doc_code_examples)' \
  -D rustdoc::missing_doc_code_examples 2>&1) && rc=0 || rc=$?
missing=$(grep -c 'missing code example' <<< "$out" || true)
if [ "$rc" -ne 0 ]; then
  grep -A3 'missing code example' <<< "$out" | grep -- '-->' >&2 || echo "$out" >&2
  echo "doc-examples: 0 passed, 1 failed ($missing public items without an example)" >&2
  exit 1
fi
echo "doc-examples: 1 passed, 0 failed (every public item has an example)"
