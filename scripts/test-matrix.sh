#!/usr/bin/env bash
# The deploy matrix of @kinetic/flow: the PACKED tarball (dist/*.tgz, from
# scripts/build-pkg.sh) used the way users deploy it, in the real tools, each target printing
# `<target>: N passed, M failed`. Called by scripts/test-js.sh after the package is built.
# Usage: bash scripts/test-matrix.sh [target ...]   (default: every target)
# Installs the tools pinned in tests/js/matrix/package-lock.json (Node 22 and 24 binaries,
# wrangler, Vite, webpack, attw, publint, Node's and Express's types), skipping them when the lock
# is unchanged; esbuild, Next.js, Bun, tsc and playwright-core come from tests/js (setup-js.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
matrix=$root/tests/js/matrix
scratch=$matrix/scratch
tarball=$(ls "$root"/dist/*.tgz)

stamp=$matrix/node_modules/.kinetic-lock-sha
want=$(sha256sum "$matrix/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "matrix: installing the deploy tools (npm install in tests/js/matrix)"
  (cd "$matrix" && npm install --no-save --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
node22=$matrix/node_modules/node22/bin/node
node24=$matrix/node_modules/node24/bin/node
export NEXT_TELEMETRY_DISABLED=1 WRANGLER_SEND_METRICS=false DO_NOT_TRACK=1

# The scratch project: the packed package installed as a user would, the shared suite (vector
# runner, robustness, browser page) and the matrix fixtures beside it.
rm -rf "$scratch"
mkdir -p "$scratch"
cp -r "$root"/tests/js/suite/. "$scratch/"
cp -r "$matrix"/fixtures/. "$scratch/"
node "$root"/tests/js/suite/make-vectors.mjs "$root"/tests/vectors "$scratch/vectors.mjs"
echo '{ "name": "kinetic-flow-core-matrix-scratch", "private": true, "type": "module" }' > "$scratch/package.json"
(cd "$scratch" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$tarball")

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(esbuild-node node-versions bun webpack vite next wrangler types docs-quickstart package-lint)
failed=()
for target in "${targets[@]}"; do
  printf '\n==> matrix: %s\n' "$target"
  start=$(date +%s)
  ok=1
  case "$target" in
    esbuild-node)
      node "$matrix/targets/esbuild-node.mjs" esm || ok=0
      node "$matrix/targets/esbuild-node.mjs" cjs || ok=0 ;;
    node-versions)
      bash "$matrix/targets/node-versions.sh" "$scratch" "$node22" "$node24" || ok=0 ;;
    bun)
      (cd "$scratch" && timeout 300 "$root/tests/js/node_modules/.bin/bun" bun-run.mjs) || ok=0 ;;
    webpack) node "$matrix/targets/webpack.mjs" || ok=0 ;;
    vite) node "$matrix/targets/vite.mjs" || ok=0 ;;
    next) node "$matrix/targets/next.mjs" || ok=0 ;;
    wrangler) "$node22" "$matrix/targets/wrangler.mjs" || ok=0 ;;
    types) bash "$matrix/targets/types.sh" "$scratch" || ok=0 ;;
    docs-quickstart) node "$matrix/targets/docs-quickstart.mjs" || ok=0 ;;
    package-lint) bash "$matrix/targets/package-lint.sh" "$tarball" || ok=0 ;;
    *) echo "matrix: unknown target $target" >&2; ok=0 ;;
  esac
  echo "matrix: $target took $(( $(date +%s) - start )) s"
  [ "$ok" = 1 ] || failed+=("$target")
done

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "matrix: failed: ${failed[*]}"
  exit 1
fi
echo "matrix: all targets passed"
