#!/usr/bin/env bash
# Coverage-guided fuzzing of the geodata loader with cargo-fuzz (libFuzzer), beside the
# property tests that `make test` runs. Optional and long: FUZZ_SECONDS (default 600).
# Works on the stable toolchain with `-s none` (no sanitizer: those need nightly; the core has
# no unsafe code for AddressSanitizer to watch). Any panic stops the run and leaves the input in
# fuzz/artifacts/load_geodata/.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install cargo-fuzz --version "=$CARGO_FUZZ_VERSION" --locked
fi

# Seeds: the shipped files, each behind the byte that tells the target which file it replaces.
CORPUS=fuzz/corpus/load_geodata
mkdir -p "$CORPUS"
i=0
for f in geodata/routes.geojson geodata/places.geojson geodata/sources.json geodata/events.geojson geodata/timeline.json; do
  { printf "\\x0$i"; cat "$f"; } > "$CORPUS/seed-$(basename "$f")"
  i=$((i + 1))
done

cargo fuzz run -s none load_geodata "$CORPUS" -- \
  -max_total_time="${FUZZ_SECONDS:-600}" -max_len=200000 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
