#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test the map, and skips what is already
# right, so a warm run takes about a second. Needs root (or sudo) only for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "setup: '$*' needs root; run it as root once" >&2; return 1; fi; }

# Debian's Chromium drives the browser tests (npm's Playwright cannot download its own here).
if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

scripts/install-wasm-bindgen.sh

# npm packages: reinstall only when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
