#!/usr/bin/env bash
# Builds the page into www/: the core as optimised wasm (www/pkg), the geodata and the basemap
# (www/data), and the fonts (www/fonts); then the folder the server serves, dist/ (www/ with its
# modules bundled, content-hashed names and compressed forms: scripts/build-site.mjs); and the
# server (target/server/supply-routes-server). Each step is skipped when its output is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM=target/wasm32-unknown-unknown/release/supply_routes.wasm
OUT=www/pkg/supply_routes_bg.wasm

# --lib: the command-line tools (src/bin) are native only and do not build for wasm32.
cargo build --release --target wasm32-unknown-unknown --lib
if [ ! -f "$OUT" ] || [ "$WASM" -nt "$OUT" ]; then
  wasm-bindgen --target web --out-dir www/pkg "$WASM"
  # npm binaryen: Debian's wasm-opt 108 silently breaks wasm-bindgen's output.
  node_modules/.bin/wasm-opt -O3 "$OUT" -o "$OUT"
  echo "build: $OUT $(stat -c %s "$OUT") bytes"
fi

mkdir -p www/data www/fonts
cp -u geodata/routes.geojson geodata/places.geojson geodata/sources.json geodata/events.geojson geodata/timeline.json geodata/languages.json geodata/occupied.geojson geodata/period-states.geojson geodata/chapters.json www/data/
# The interface strings, one file a language (www/language.js reads the one chosen).
mkdir -p www/data/interface
cp -u geodata/interface/*.json www/data/interface/
if [ ! -f www/data/basemap.bin ] || [ scripts/build-basemap.mjs -nt www/data/basemap.bin ]; then
  node scripts/build-basemap.mjs www/data/basemap.geojson
fi
# languages.css is written last. Which of Noto Sans SC's subsets are kept, and the glyphs cut for
# every page, follow the Chinese in the geodata and in the interface's and statistics page's strings.
fonts_stale() {
  [ ! -f www/fonts/languages.css ] && return 0
  for f in scripts/build-fonts.mjs package-lock.json geodata/*.json geodata/*.geojson geodata/interface/*.json www/stats/stats.js; do
    [ "$f" -nt www/fonts/languages.css ] && return 0
  done
  return 1
}
if fonts_stale; then
  node scripts/build-fonts.mjs www/fonts
fi

# dist/: what the server serves (about a second when little changed, so it always runs).
node scripts/build-site.mjs

# The server, a native binary in its own profile (server/profile.toml says why).
cargo build --config server/profile.toml --profile server -p supply-routes-server
