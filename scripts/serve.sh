#!/usr/bin/env bash
# scripts/serve.sh — serves the built static site (dist/) and prints its URL. PORT overrides 5173.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-5173}
echo "PE Lab: open http://localhost:${port}/ (Ctrl-C to stop)"
exec npx vite preview --port "$port" --strictPort --host 127.0.0.1
