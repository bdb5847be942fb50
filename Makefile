# Dateline: a thin Makefile over Meson + Ninja. `make run` and `make test`
# install what is missing (scripts/install-deps), build, and go.
BUILD      ?= build
TEST_BUILD ?= build-test
VAR        ?= var

.PHONY: all deps test-deps build run demo test unit e2e validate bench screenshots clean

all: build

deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps test

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The demo newspaper, through the same ninjs importer that takes wire copy.
demo: build
	@mkdir -p $(VAR)
	$(BUILD)/dateline --db $(VAR)/dateline.db --media-dir $(VAR)/media \
	  --sections-file demo/sections.json import demo/ninjs

run: demo
	$(BUILD)/dateline --db $(VAR)/dateline.db --media-dir $(VAR)/media serve

$(TEST_BUILD)/build.ninja:
	meson setup $(TEST_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# Every test, under AddressSanitizer and UndefinedBehaviorSanitizer.
test: deps test-deps $(TEST_BUILD)/build.ninja
	ninja -C $(TEST_BUILD)
	meson test -C $(TEST_BUILD) --print-errorlogs
	DATELINE_BIN=$(TEST_BUILD)/dateline python3 tests/e2e/run.py

bench: build
	bench/article

screenshots: build
	scripts/screenshots

clean:
	rm -rf $(BUILD) $(TEST_BUILD)
