#!/usr/bin/env bash
# scripts/test.sh — runs every test layer against what scripts/build.sh built, in order:
#   1. native  (doctest via CTest, tests/core/)  — also writes fixtures the Node layer compares with
#   2. node    (node:test on the built wasm module, tests/node/)
#   3. browser (node:test + playwright-core driving Debian's Chromium on the built dist/, tests/e2e/)
# Prints one closing line "tests: N passed, N failed" over all layers; exits non-zero if any layer fails.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0; failed=0; status=0
log=$(mktemp -d)

run_layer() {  # name, command...
  local name=$1; shift
  echo "=== test layer: $name ==="
  "$@" 2>&1 | tee "$log/$name.txt"
  local rc=${PIPESTATUS[0]}
  [ "$rc" = 0 ] || status=1
  return 0
}

run_layer native ctest --test-dir build/native --output-on-failure
p=$(grep -oE '[0-9]+ tests failed out of [0-9]+' "$log/native.txt" | tail -1 || true)
if [ -n "$p" ]; then
  f=$(echo "$p" | awk '{print $1}'); n=$(echo "$p" | awk '{print $6}')
  passed=$((passed + n - f)); failed=$((failed + f))
else
  failed=$((failed + 1))
fi

# The Node layer compares the wasm with the native fixtures written above and measures dist/ (size.test.mjs):
# under npm test a missing fixture or dist/ fails.
export PE_LAB_REQUIRE_FIXTURES=1
for layer in node e2e; do
  run_layer "$layer" node --test --test-concurrency=1 --test-reporter=spec "tests/$layer/"
  p=$(grep -E '^ℹ pass [0-9]+' "$log/$layer.txt" | tail -1 | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$log/$layer.txt" | tail -1 | awk '{print $3}')
  if [ -n "$p" ] && [ -n "$f" ]; then passed=$((passed + p)); failed=$((failed + f)); else failed=$((failed + 1)); fi
done

rm -rf "$log"
echo "tests: $passed passed, $failed failed"
exit $status
