#!/usr/bin/env bash
# @kinetic/flow/sandbox, from the PACKED tarball (dist/*.tgz, scripts/build-pkg.sh):
#  - the shared suite (shared.test.mjs) against both shells: the `kinetic sandbox` binary
#    (cargo-built) and createSandbox, the latter in Node 22 and 24, Bun and Deno;
#  - the README's examples (examples/sandbox) in the same four runtimes;
#  - `npx @kinetic/flow sandbox` prints what `kinetic sandbox` prints;
#  - the root and ./webhooks entries never reach the sandbox module (import graph, exports).
# Prints `sandbox: N passed, M failed`. Called by scripts/test.sh after scripts/test-js.sh (which
# installs tests/js and the matrix's Node 22 and 24).
set -uo pipefail
cd "$(dirname "$0")/../../.."
root=$PWD
tools=$root/tests/js/node_modules/.bin
matrix=$root/tests/js/matrix/node_modules
node22=$matrix/node22/bin/node
node24=$matrix/node24/bin/node
tarball=$(ls "$root"/dist/*.tgz)
for t in "$node22" "$node24" "$tools/bun" "$tools/deno"; do
  [ -x "$t" ] || { echo "sandbox: $t is missing (scripts/setup-js.sh, scripts/test-matrix.sh install it)" >&2; exit 1; }
done
cargo build --quiet -p kinetic-flow-cli || exit 1
export KINETIC_BIN=$root/target/debug/kinetic

scratch=$root/target/sandbox-js
rm -rf "$scratch"
mkdir -p "$scratch/examples"
cp tests/js/sandbox/*.mjs "$scratch/"
cp examples/sandbox/*.mjs "$scratch/examples/"
cp -r tests/js/sandbox/types "$scratch/types"
# Installed under the name users import, whatever the tarball's own name.
printf '{ "name": "kinetic-flow-sandbox-tests", "private": true, "type": "module",\n  "dependencies": { "@kinetic/flow": "file:%s" } }\n' "$tarball" > "$scratch/package.json"
(cd "$scratch" && npm install --no-package-lock --no-audit --no-fund --loglevel=error) || exit 1
cp "$scratch/package.json" "$scratch/examples/package.json"
ln -s ../node_modules "$scratch/examples/node_modules"

passed=0 failed=0
export NO_COLOR=1 DENO_NO_UPDATE_CHECK=1
# $1 label; the rest the command. Reads the counts from the runner's TAP (node, deno) or
# summary (bun); a run that prints none counts as one failure.
count() {
  local label=$1 out p f
  shift
  printf '\n--> %s\n' "$label"
  out=$(cd "$scratch" && timeout 300 "$@" 2>&1)
  local rc=$?
  echo "$out" | tail -n 40
  p=$(echo "$out" | sed -n 's/^# pass \([0-9]*\)$/\1/p; s/^ *\([0-9]*\) pass$/\1/p' | tail -1)
  f=$(echo "$out" | sed -n 's/^# fail \([0-9]*\)$/\1/p; s/^ *\([0-9]*\) fail$/\1/p' | tail -1)
  if [ -z "$p" ]; then
    # deno test --reporter=tap: one `ok N` / `not ok N` line per test.
    p=$(echo "$out" | grep -E '^ok [0-9]+' | grep -vc '# SKIP')
    f=$(echo "$out" | grep -cE '^not ok [0-9]+')
  fi
  if [ "${p:-0}" = 0 ] && [ "${f:-0}" = 0 ]; then f=1; fi
  if [ "$rc" != 0 ] && [ "${f:-0}" = 0 ]; then f=1; fi
  echo "$label: $p passed, $f failed"
  passed=$((passed + p)) failed=$((failed + f))
}
# A script that exits 0: one test.
run1() {
  local label=$1
  shift
  printf '\n--> %s\n' "$label"
  if (cd "$scratch" && timeout 120 "$@" 2>&1 | tail -n 20; exit "${PIPESTATUS[0]}"); then
    passed=$((passed + 1)); echo "$label: 1 passed, 0 failed"
  else
    failed=$((failed + 1)); echo "$label: 0 passed, 1 failed"
  fi
}

count "shared suite: kinetic sandbox (binary)" env SANDBOX_SHELL=binary "$node22" --test --test-reporter=tap shared.test.mjs
count "shared suite: createSandbox, Node 22" env SANDBOX_SHELL=npm "$node22" --test --test-reporter=tap shared.test.mjs
count "shared suite: createSandbox, Node 24" env SANDBOX_SHELL=npm "$node24" --test --test-reporter=tap shared.test.mjs
count "shared suite: createSandbox, Deno" env SANDBOX_SHELL=npm "$tools/deno" test -A --no-check --reporter=tap shared.test.mjs
count "shared suite: createSandbox, Bun" env SANDBOX_SHELL=npm "$tools/bun" test ./shared.test.mjs

for rt in node22 node24; do
  bin=${!rt}
  run1 "example try-it, $rt" "$bin" examples/try-it.mjs
  count "example handler test, $rt" "$bin" --test --test-reporter=tap examples/handler.test.mjs
done
run1 "example try-it, Deno" "$tools/deno" run -A examples/try-it.mjs
count "example handler test, Deno" "$tools/deno" test -A --no-check --reporter=tap examples/handler.test.mjs
run1 "example try-it, Bun" "$tools/bun" examples/try-it.mjs
count "example handler test, Bun" "$tools/bun" test ./examples/handler.test.mjs

count "npx @kinetic/flow sandbox prints what kinetic sandbox prints" "$node22" --test --test-reporter=tap cli.test.mjs
count "the root and ./webhooks entries do not load the sandbox" "$node22" --test --test-reporter=tap entries.test.mjs
run1 "the sandbox types under strict TypeScript (tsc, nodenext)" "$tools/tsc" -p types

echo
echo "sandbox: $passed passed, $failed failed"
[ "$failed" = 0 ]
