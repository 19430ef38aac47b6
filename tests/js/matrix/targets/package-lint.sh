#!/usr/bin/env bash
# The packed tarball checked by the tools package authors use: @arethetypeswrong/cli (every
# resolution mode finds types that match the JS) and publint (package.json and files as
# published). The `.wasm` subpath exports are excluded from attw: they are files, not modules.
# Usage: package-lint.sh TARBALL
set -euo pipefail
tarball=$1
bin=$(cd "$(dirname "$0")/.." && pwd)/node_modules/.bin
status=0
out=$(mktemp)
if NO_COLOR=1 FORCE_COLOR=0 timeout 120 "$bin/attw" "$tarball" --exclude-entrypoints ./kinetic_flow_core_bg.wasm ./kinetic_flow_webhooks_bg.wasm --format table-flipped > "$out" 2>&1; then
  cat "$out"
  echo "attw: 1 passed, 0 failed"
else
  cat "$out"
  echo "attw: 0 passed, 1 failed"
  status=1
fi
# publint prints nothing but a header when clean; any suggestion, warning or error fails.
if timeout 120 "$bin/publint" run "$tarball" --strict > "$out" 2>&1 && ! grep -qiE 'suggestion|warning|error' "$out"; then
  cat "$out"
  echo "publint: 1 passed, 0 failed"
else
  cat "$out"
  echo "publint: 0 passed, 1 failed"
  status=1
fi
rm -f "$out"
exit $status
