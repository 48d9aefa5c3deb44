#!/usr/bin/env bash
# scripts/apt-install.sh — installs the Debian packages named as arguments with apt-get when running as root;
# otherwise prints the exact command to run and exits 1. Sourced by nothing: setup.sh and bench.sh call it.
set -euo pipefail
[ $# -gt 0 ] || exit 0
if [ "$(id -u)" = 0 ]; then
  echo "installing Debian packages: $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
else
  echo "missing Debian packages: $*" >&2
  echo "run   sudo apt-get update && sudo apt-get install -y $*   then retry." >&2
  exit 1
fi
