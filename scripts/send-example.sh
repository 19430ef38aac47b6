#!/usr/bin/env bash
# sdk/examples/send.rs against `kinetic sandbox`, whose first payment response is lost after the
# commit (a drop_after_commit fault): the SDK's retry must replay that payment, never make a
# second. Prints `send-example: N passed, M failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p kinetic-flow-cli -p kinetic-flow --bin kinetic --example send
dir=$(mktemp -d)
target/debug/kinetic sandbox --memory --port 0 --ready-file "$dir/ready.json" > "$dir/sandbox.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do [ -s "$dir/ready.json" ] && break; sleep 0.1; done
url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$dir/ready.json")
[ -n "$url" ] || { echo "send-example: 0 passed, 1 failed (the sandbox did not start)"; exit 1; }
# Control calls with Node's fetch (Node is already needed by the test command).
node -e 'fetch(process.argv[1] + "/_sandbox/faults", { method: "POST", headers: { "content-type": "application/json" },
  body: JSON.stringify({ route: "POST /v1/payments", kind: "drop_after_commit", times: 1 }) })
  .then((r) => { if (!r.ok) process.exit(1); })' "$url"
out=$(KINETIC_API_BASE="$url" KINETIC_API_KEY=sk_test_sendexample target/debug/examples/send)
echo "$out"
payments=$(node -e 'fetch(process.argv[1] + "/_sandbox/payments").then((r) => r.json()).then((b) => console.log(b.data.length))' "$url")
if grep -q '^payment pay_[a-z0-9]* completed fednow$' <<< "$out" && [ "$payments" -eq 1 ]; then
  echo "send-example: 1 passed, 0 failed"
else
  echo "send-example: 0 passed, 1 failed (expected one payment after a retry; the sandbox has $payments)"
  exit 1
fi
