#!/usr/bin/env bash
# scripts/bench.sh — runs every benchmark in bench/ against the current build (npm run build first).
# Benchmarks print ratios against a baseline measured in the same run; they assert nothing.
# The baselines are the strongest this machine offers from Debian: NumPy and PyTorch (python3-numpy,
# python3-torch under /usr/bin/python3) multiplying through OpenBLAS (libopenblas0-pthread, which Debian's
# alternatives make the libblas.so.3 both load). They are installed here when missing and running as root —
# not by scripts/setup.sh, since no test needs them (tests/node/torch.test.mjs skips without torch).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
/usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
/usr/bin/python3 -c 'import torch' 2>/dev/null || missing+=(python3-torch)
ls /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
# Without root the baselines' columns are skipped, with the command to install them printed.
[ ${#missing[@]} -eq 0 ] || bash scripts/apt-install.sh "${missing[@]}" || true

for b in bench/*.mjs; do
  echo "=== $b ==="
  node "$b"
done
echo "=== build/native/bench_train_native ==="
build/native/bench_train_native
