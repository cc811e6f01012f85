# The two commands a new machine needs (see README.md):
#   make serve   set up, build, and serve the map on http://127.0.0.1:$(PORT)
#   make test    set up, build, and run every test (Rust unit tests, then headless Chromium,
#                then the benchmark's short mode so that it cannot rot)
#   make preview for curators: serve as make serve does, with geodata/ read as it is on disk, each
#                save shown in the open page (preview/, server/README.md); never on the kiosk
#   make bench   the side-by-side benchmark against d3-geo and Leaflet (bench/README.md)
PORT ?= 8080
export PORT
# The server (server/README.md); it keeps the kiosk's statistics in var/ unless DATA says otherwise.
SERVER = target/server/supply-routes-server
# What it serves: www/ as scripts/build-site.mjs builds it (bundled, hashed names, compressed).
SITE = dist

.PHONY: serve preview test setup build test-rust test-e2e bench bench-short

serve: build
	$(SERVER) --root $(SITE)

preview: build
	$(SERVER) --root $(SITE) --preview geodata --preview-client preview

test: build test-rust test-e2e bench-short

setup:
	scripts/setup.sh

build: setup
	scripts/build.sh

# The server's tests build in its own profile, sharing the dependencies `make build` compiled.
test-rust:
	cargo test
	cargo test --config server/profile.toml --profile server -p supply-routes-server

test-e2e:
	npx playwright test

bench: build
	node bench/run.mjs

bench-short: build
	node bench/run.mjs --short
