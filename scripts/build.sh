#!/usr/bin/env bash
# scripts/build.sh — builds everything: the native core and its tests (build/native), the WebAssembly
# module (build/wasm -> wasm/generated/pe_lab_wasm.mjs) and the static site (dist/). Incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# Emscripten 3.1.6's link step needs Debian's acorn & co. (../shared/TOOLCHAIN.md, quirk 1).
export NODE_PATH=/usr/share/nodejs

[ -f build/native/CMakeCache.txt ] || cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j "$jobs"

[ -f build/wasm/CMakeCache.txt ] || emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j "$jobs"

npx vite build --logLevel warn
echo "build: native tests in build/native, wasm module in wasm/generated/, static site in dist/"
