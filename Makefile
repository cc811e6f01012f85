# The two commands a new machine needs (see README.md):
#   make serve   set up, build, and serve the map on http://127.0.0.1:$(PORT)
#   make test    set up, build, and run every test (Rust unit tests, then headless Chromium)
PORT ?= 8080
export PORT

.PHONY: serve test setup build test-rust test-e2e

serve: build
	node scripts/serve.mjs

test: build test-rust test-e2e

setup:
	scripts/setup.sh

build: setup
	scripts/build.sh

test-rust:
	cargo test

test-e2e:
	npx playwright test
