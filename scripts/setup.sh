#!/usr/bin/env bash
# scripts/setup.sh — installs what PE Lab needs, idempotently; run by `npm start`, `npm test`, `npm run build`.
#  1. Debian packages (emscripten, Eigen, doctest, cmake, g++, chromium, fonts-dejavu-core): installed with apt-get when
#     missing and running as root; otherwise the exact command to run is printed and set-up fails.
#  2. npm packages: `npm ci` when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
have() { command -v "$1" >/dev/null 2>&1; }
have em++ || missing+=(emscripten)
have cmake || missing+=(cmake)
have g++ || missing+=(g++)
have make || missing+=(make)
[ -f /usr/include/eigen3/Eigen/Core ] || missing+=(libeigen3-dev)
[ -f /usr/lib/cmake/doctest/doctestConfig.cmake ] || [ -f /usr/share/doctest/cmake/doctestConfig.cmake ] || missing+=(doctest-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Emscripten 3.1.6's JS optimiser loads acorn from Debian's node modules (see ../shared/TOOLCHAIN.md).
[ -d /usr/share/nodejs/acorn ] || missing+=(node-acorn)
# The figures' font (wasm/figures): the same DejaVu Sans for Chromium and the Node canvas.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

[ ${#missing[@]} -eq 0 ] || bash scripts/apt-install.sh "${missing[@]}"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
