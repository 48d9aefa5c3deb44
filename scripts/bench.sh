#!/usr/bin/env bash
# scripts/bench.sh — runs every benchmark in bench/ against the current build (npm run build first).
# Benchmarks print ratios against a baseline measured in the same run; they assert nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
for b in bench/*.mjs; do
  echo "=== $b ==="
  node "$b"
done
echo "=== build/native/bench_train_native ==="
build/native/bench_train_native
