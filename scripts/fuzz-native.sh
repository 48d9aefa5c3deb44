#!/usr/bin/env bash
# scripts/fuzz-native.sh — builds tests/fuzz/fuzz_core.cpp with the whole core under AddressSanitizer and
# UndefinedBehaviorSanitizer (g++, -fno-sanitize-recover: the first report aborts) and runs it.
#   bash scripts/fuzz-native.sh [seconds = 20] [seed = 1]
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/fuzz
mkdir -p "$out"
if [ ! -x "$out/fuzz_core" ] || [ -n "$(find core tests/fuzz -newer "$out/fuzz_core" -name '*.[ch]*' -print -quit)" ]; then
  echo "fuzz-native: building $out/fuzz_core (ASan + UBSan)"
  g++ -std=c++17 -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
    -I core -I /usr/include/eigen3 core/*.cpp core/*/*.cpp tests/fuzz/fuzz_core.cpp -o "$out/fuzz_core"
fi
"$out/fuzz_core" "${1:-20}" "${2:-1}"
