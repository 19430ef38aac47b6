#!/usr/bin/env bash
# TypeScript, strict, on consumers that use the API docs' lines as written (ESM and CJS, module
# nodenext, with Node's and Express's declarations): tests/js/matrix/fixtures/types-strict.
# Usage: types.sh SCRATCH
set -euo pipefail
scratch=$1
tsc=$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin/tsc
out=$(mktemp)
if (cd "$scratch/types-strict" && timeout 180 "$tsc" -p . > "$out" 2>&1); then
  echo "typescript-strict ($("$tsc" --version)): 2 passed, 0 failed"
  rm -f "$out"
else
  cat "$out"
  n=$(grep -c 'error TS' "$out" || true)
  echo "typescript-strict: 0 passed, 2 failed ($n errors)"
  rm -f "$out"
  exit 1
fi
