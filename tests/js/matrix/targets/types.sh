#!/usr/bin/env bash
# TypeScript, strict, on consumers that use the API docs' lines as written (ESM and CJS, module
# nodenext, with Node's and Express's declarations), for the root entry and the webhooks subpath:
# tests/js/matrix/fixtures/types-strict. Then the webhooks subpath's types under each export
# condition its `exports` has (moduleResolution bundler, customConditions: workerd, edge-light,
# worker, deno, node + module, browser, and none): tests/js/matrix/fixtures/types-conditions.
# Usage: types.sh SCRATCH
set -euo pipefail
scratch=$1
tsc=$(cd "$(dirname "$0")/../.." && pwd)/node_modules/.bin/tsc
out=$(mktemp)
status=0
if (cd "$scratch/types-strict" && timeout 180 "$tsc" -p . > "$out" 2>&1); then
  echo "typescript-strict ($("$tsc" --version)): 4 passed, 0 failed"
else
  cat "$out"
  n=$(grep -c 'error TS' "$out" || true)
  echo "typescript-strict: 0 passed, 4 failed ($n errors)"
  status=1
fi

pass=0
fail=0
dir=$scratch/types-conditions
for conds in workerd edge-light worker deno node,module browser ''; do
  list=$(printf '%s' "$conds" | sed 's/\([^,][^,]*\)/"\1"/g')
  printf '{ "extends": "./tsconfig.base.json", "compilerOptions": { "customConditions": [%s] } }\n' "$list" > "$dir/tsconfig.json"
  # The subpath must resolve to its own declarations through the branch of that condition (tsc
  # falls back to a later condition when a branch has no types: that fallback fails here).
  first=${conds%%,*}
  if (cd "$dir" && timeout 180 "$tsc" -p . --traceResolution > "$out" 2>&1) &&
    block=$(sed -n "/Resolving module '@kinetic\/flow\/webhooks'/,/Module name '@kinetic\/flow\/webhooks' was/p" "$out") &&
    grep -q "Module name '@kinetic/flow/webhooks' was successfully resolved to '.*/@kinetic/flow/webhooks\.d\.ts'" <<< "$block" &&
    [ "$(grep -m1 -o "Matched 'exports' condition '[^']*'" <<< "$block")" = "Matched 'exports' condition '${first:-import}'" ] &&
    ! grep -q 'Failed to resolve under condition' <<< "$block"; then
    pass=$((pass + 1))
  else
    grep -E "error TS|Failed to resolve under condition|Module name '@kinetic/flow/webhooks' was" "$out" | head -20
    echo "  FAIL webhooks types under conditions [${conds:-none}]"
    fail=$((fail + 1))
  fi
done
rm -f "$dir/tsconfig.json" "$out"
echo "typescript-conditions (webhooks subpath): $pass passed, $fail failed"
[ "$fail" = 0 ] || status=1
exit $status
