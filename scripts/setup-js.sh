#!/usr/bin/env bash
# Installs what the npm package's build and tests need, skipping what is already there:
# the JS tools pinned in tests/js/package-lock.json (wasm-opt from npm binaryen, esbuild, tsc,
# deno, workerd, playwright-core, express) and Debian's chromium.
# The wasm32 target and wasm-bindgen-cli come from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

# Install only when the lock file changed since the last install (or nothing is installed).
stamp=tests/js/node_modules/.kinetic-lock-sha
want=$(sha256sum tests/js/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "installing JS tools (npm install in tests/js)"
  # Not `npm ci`: the registry here lacks some other-platform optional binaries (e.g. deno for
  # macOS at this version), which `npm ci` refuses; `npm install` keeps to the lock file.
  (cd tests/js && npm install --no-save --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

# Headless Chromium from Debian: browsers downloaded by tools themselves cannot be fetched here.
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (apt)"
  sudo_=""
  [ "$(id -u)" = 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium > /dev/null
fi
