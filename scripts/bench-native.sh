#!/usr/bin/env bash
# Native benchmarks (criterion) and their ratios. A benchmark, never a test: not in test.sh.
#   bash scripts/bench-native.sh            # both benches, then the ratios
#   bash scripts/bench-native.sh --report   # only print the ratios of the last run
# Env: BENCH_MEASURE (seconds per benchmark, default 3), BENCH_WARMUP (default 1),
#      BENCH_FILTER (a criterion filter regex, default all).
# The machine is shared: every ratio compares benchmarks of the same run, and is printed twice,
# from criterion's median and from the fastest sample (contention only ever adds time, so the
# fastest sample is the steadier estimate when other jobs run).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--report" ]; then
  args=(--warm-up-time "${BENCH_WARMUP:-1}" --measurement-time "${BENCH_MEASURE:-3}" --noplot)
  [ -n "${BENCH_FILTER:-}" ] && args+=("$BENCH_FILTER")
  cargo bench --bench webhook --bench core -- "${args[@]}"
fi

python3 - <<'PY'
import json, pathlib, sys

root = pathlib.Path("target/criterion")
results = {}  # (group, function, param) -> (median_ns, fastest_ns)
for bench in root.glob("**/new/benchmark.json"):
    meta = json.loads(bench.read_text())
    est = json.loads((bench.parent / "estimates.json").read_text())
    sample = json.loads((bench.parent / "sample.json").read_text())
    fastest = min(t / n for t, n in zip(sample["times"], sample["iters"]))
    key = (meta["group_id"], meta["function_id"], meta.get("value_str") or "")
    results[key] = (est["median"]["point_estimate"], fastest)
if not results:
    sys.exit("no criterion results under target/criterion: run without --report first")

def fmt(ns):
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"

def ratio(group, a, b, param):
    ra, rb = results.get((group, a, param)), results.get((group, b, param))
    if not ra or not rb:
        return None
    return ra[0] / rb[0], ra[1] / rb[1]

sizes = sorted({p for (g, _, p) in results if g == "webhook_verify"}, key=int)
if sizes:
    print("\nwebhook verify, per call (median | fastest sample):")
    names = ["hmac_prekeyed", "hmac_keyed_per_call", "verify_signature", "verifier_verify",
             "verify_oneshot", "event_parse", "event_summary", "standardwebhooks"]
    print(f"  {'':22}" + "".join(f"{s + ' B':>22}" for s in sizes))
    for n in names:
        cells = []
        for s in sizes:
            r = results.get(("webhook_verify", n, s))
            cells.append(f"{fmt(r[0]) + ' | ' + fmt(r[1]):>22}" if r else f"{'-':>22}")
        print(f"  {n:22}" + "".join(cells))
    pairs = [
        ("verify_signature", "hmac_prekeyed", "Verifier::verify_signature / pre-keyed HMAC (SPEC 8 budget: <= 1.25 at 1024 B)"),
        ("verifier_verify", "hmac_prekeyed", "Verifier::verify (with event parse) / pre-keyed HMAC"),
        ("verify_oneshot", "hmac_keyed_per_call", "one-shot verify (keys + parses) / HMAC keyed per call"),
        ("verify_signature", "standardwebhooks", "ours (verify_signature) / standardwebhooks verify (< 1: ours faster)"),
        ("verifier_verify", "standardwebhooks", "ours (Verifier::verify, parses the event) / standardwebhooks verify"),
    ]
    print("\nratios (median | fastest sample):")
    for a, b, label in pairs:
        print(f"  {label}")
        cells = []
        for s in sizes:
            r = ratio("webhook_verify", a, b, s)
            cells.append(f"{s} B: {r[0]:.3f} | {r[1]:.3f}" if r else f"{s} B: -")
        print("    " + ";  ".join(cells))

for group in ("payment", "api_error"):
    rows = sorted((f, v) for (g, f, _), v in results.items() if g == group)
    if rows:
        print(f"\n{group}, per call (median | fastest sample):")
        for f, (med, fast) in rows:
            print(f"  {f:28} {fmt(med):>10} | {fmt(fast)}")
PY
