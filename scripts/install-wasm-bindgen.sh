#!/usr/bin/env bash
# Installs the wasm-bindgen CLI at exactly the version Cargo.lock pins for the
# wasm-bindgen crate (a mismatch fails with "schema version"), skipping the
# install when that version is already on PATH or in ~/.cargo/bin.
set -euo pipefail
cd "$(dirname "$0")/.."
V=${WASM_BINDGEN_VERSION:-$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)}
[ -n "$V" ] || { echo "install-wasm-bindgen: no wasm-bindgen version in Cargo.lock" >&2; exit 1; }
ROOT=${CARGO_HOME:-$HOME/.cargo}
if "$ROOT/bin/wasm-bindgen" --version 2>/dev/null | grep -qx "wasm-bindgen $V"; then
  echo "wasm-bindgen $V already installed"; exit 0
fi
echo "installing wasm-bindgen-cli $V (about 2 minutes on 2 cores)"
if cargo install wasm-bindgen-cli --version "=$V" --locked --root "$ROOT"; then exit 0; fi
# This registry lacks webpki-roots 1.0.11, which the CLI's own Cargo.lock pins;
# the failed --locked install unpacked the source, so patch that one entry in a
# copy and retry, and fall back to an unlocked install as a last resort.
SRC=$(ls -d "$ROOT"/registry/src/*/"wasm-bindgen-cli-$V" 2>/dev/null | head -1 || true)
if [ -n "$SRC" ]; then
  W=$(mktemp -d); cp -r "$SRC"/. "$W"/
  if (cd "$W" && cargo update -p webpki-roots --precise 1.0.10 && cargo install --path . --locked --root "$ROOT"); then
    rm -rf "$W"; exit 0
  fi
  rm -rf "$W"
fi
cargo install wasm-bindgen-cli --version "=$V" --root "$ROOT"
