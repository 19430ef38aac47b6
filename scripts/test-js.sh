#!/usr/bin/env bash
# Builds the npm package and tests the PACKED tarball, installed into a scratch project
# (tests/js/scratch), in every runtime: Node ESM and CJS, Deno, workerd, headless Chromium; plus
# the Rust core under wasm-bindgen-test, TypeScript consumers, robustness, the examples, and the
# webhook handlers in each framework (tests/js/frameworks).
# Each runtime prints `<runtime>: N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
step() { printf '\n==> %s\n' "$*"; }

step "rust in wasm32: the core under wasm-bindgen-test in Node (tests/wasm.rs)"
cargo clippy --target wasm32-unknown-unknown --test wasm -- -D warnings
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm

step "js: tools"
bash scripts/setup-js.sh
tools=$root/tests/js/node_modules/.bin

step "js: build and pack @kinetic/flow"
bash scripts/build-pkg.sh
tarball=$(ls "$root"/dist/*.tgz)

step "js: scratch project with the packed package"
scratch=$root/tests/js/scratch
rm -rf "$scratch"
mkdir -p "$scratch"
cp -r tests/js/suite/. "$scratch/"
cp -r tests/api "$scratch/api"   # tests/api/sandbox.mjs starts kinetic sandbox, the local API of the sending suites
cargo build --quiet -p kinetic-flow-cli && export KINETIC_BIN=$root/target/debug/kinetic
cp data/event-examples.json "$scratch/"   # the example objects, for the testDelivery suite
echo '{ "name": "kinetic-flow-core-js-tests", "private": true, "type": "module" }' > "$scratch/package.json"
(cd "$scratch" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$tarball")
node tests/js/suite/make-vectors.mjs tests/vectors "$scratch/vectors.mjs"

# The torture test's seed: the commit's, so a commit gives the same inputs on every run (a red CI
# run reproduces here with the seed it printed) and each new commit draws new ones.
# TORTURE_SEED=<n> overrides; outside git, a fixed seed.
if [ -z "${TORTURE_SEED:-}" ]; then
  head=$(git rev-parse HEAD 2>/dev/null || echo 0000000)
  export TORTURE_SEED=$(( 16#${head:0:7} % 1000000 ))
fi

step "js: Node ESM and CJS (node --test)"
(cd "$scratch" && timeout 300 node --test --test-reporter=spec node-esm.test.mjs node-cjs.test.cjs errors.test.mjs robustness.test.mjs torture.test.mjs)

step "js: webhooks.testDelivery: a handler test for every event type, as the package README shows"
(cd "$scratch" && timeout 300 node --test --test-reporter=spec test-delivery.test.mjs)

step "js: sending: the API docs' quickstart as written, call vectors, behaviours, the chaos test (Node, Deno) against the local API"
(cd "$scratch" && timeout 120 node quickstart-run.mjs)
(cd "$scratch" && timeout 300 node --test --test-reporter=spec send.test.mjs)
(cd "$scratch" && timeout 300 node chaos-run.mjs "$tools/deno")

step "js: Bun (the node entries as Bun resolves them; the root's vectors and the webhooks entry)"
(cd "$scratch" && timeout 300 "$tools/bun" bun-run.mjs)

step "js: Deno (deno test, no permission flags)"
(cd "$scratch" && NO_COLOR=1 DENO_NO_UPDATE_CHECK=1 timeout 300 "$tools/deno" test deno.test.mjs)

step "js: workerd (workerd serve on 127.0.0.1)"
(cd "$scratch" && timeout 300 node workerd-run.mjs)

step "js: headless Chromium (Debian chromium, playwright-core)"
(cd "$scratch" && timeout 300 node chromium-run.mjs)

step "js: examples (express, cloudflare-worker, deno, hono, nextjs started on 127.0.0.1; lambda invoked)"
(cd "$scratch" && timeout 300 node examples-run.mjs)

step "js: webhook handlers in Express, Fastify, Hono (Node, workerd), Next.js, Deno, Bun, Lambda"
cp -r tests/js/frameworks "$scratch/frameworks"
(cd "$scratch/frameworks" && timeout 600 node run.mjs)

step "js: TypeScript consumers, ESM and CJS (tsc, module nodenext)"
(cd "$scratch/types" && timeout 120 "$tools/tsc" -p . && echo "typescript: 5 passed, 0 failed")

step "js: the deploy matrix (bundlers, frameworks, runtimes, Node 22 and 24, package lint)"
bash scripts/test-matrix.sh

echo
echo "js: all suites passed"
