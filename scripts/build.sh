#!/usr/bin/env bash
# Builds the page into www/: the core as optimised wasm (www/pkg), the geodata and the basemap
# (www/data), and the fonts (www/fonts); and the server that serves it
# (target/server/supply-routes-server). Each step is skipped when its output is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=target/wasm32-unknown-unknown/release/supply_routes.wasm
OUT=www/pkg/supply_routes_bg.wasm

cargo build --release --target wasm32-unknown-unknown
if [ ! -f "$OUT" ] || [ "$WASM" -nt "$OUT" ]; then
  wasm-bindgen --target web --out-dir www/pkg "$WASM"
  # npm binaryen: Debian's wasm-opt 108 silently breaks wasm-bindgen's output.
  node_modules/.bin/wasm-opt -O3 "$OUT" -o "$OUT"
  echo "build: $OUT $(stat -c %s "$OUT") bytes"
fi

mkdir -p www/data www/fonts
cp -u geodata/routes.geojson geodata/places.geojson geodata/sources.json geodata/events.geojson geodata/timeline.json geodata/languages.json geodata/occupied.geojson geodata/period-states.geojson geodata/chapters.json www/data/
if [ ! -f www/data/basemap.bin ] || [ scripts/build-basemap.mjs -nt www/data/basemap.bin ]; then
  node scripts/build-basemap.mjs www/data/basemap.geojson
fi
# languages.css is written last; the language buttons' font is cut from geodata/languages.json's names.
if [ ! -f www/fonts/languages.css ] || [ scripts/build-fonts.mjs -nt www/fonts/languages.css ] || [ geodata/languages.json -nt www/fonts/languages.css ] || [ package-lock.json -nt www/fonts/languages.css ]; then
  node scripts/build-fonts.mjs www/fonts
fi

# The server, a native binary in its own profile (server/profile.toml says why).
cargo build --config server/profile.toml --profile server -p supply-routes-server
