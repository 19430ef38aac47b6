#!/usr/bin/env bash
# The vector files are data made by independent stdlib-Python generators (tests/vectors/gen_*.py).
# Regenerate each in a scratch copy and check the committed file is exactly what it produces, so
# no expected value was edited by hand or drifted from its generator.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tests"
cp Cargo.toml "$scratch/"
cp -r tests/vectors "$scratch/tests/"
rm -f "$scratch"/tests/vectors/*.json   # every file must come from a generator
passed=0 failed=0
for gen in tests/vectors/gen_*.py; do
  # gen_X.py writes X.json beside itself, or prints it (then stdout is the file).
  name=$(basename "$gen" .py)
  out="$scratch/tests/vectors/${name#gen_}.json"
  python3 "$scratch/$gen" > "$scratch/stdout"
  [ -f "$out" ] || mv "$scratch/stdout" "$out"
done
for file in tests/vectors/*.json; do
  if cmp -s "$file" "$scratch/$file"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "vectors: $file differs from what its generator writes:" >&2
    diff <(head -c 20000 "$file") <(head -c 20000 "$scratch/$file") | head -20 >&2 || true
  fi
done
echo "vectors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
