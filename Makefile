# Makefile — the README's two commands, `make run` and `make test`, and a few
# more. Meson does the real work; this file only strings the steps together.

BUILDDIR     ?= _build
SANBUILDDIR  ?= _build-sanitize
MESON_SETUP   = meson setup --werror

.PHONY: all deps build run test test-normal test-sanitize bench fuzz pot clean

all: build

deps:
	@build-aux/install-deps.sh

$(BUILDDIR)/build.ninja:
	$(MESON_SETUP) $(BUILDDIR)

$(SANBUILDDIR)/build.ninja:
	$(MESON_SETUP) -Db_sanitize=address,undefined -Db_lundef=false $(SANBUILDDIR)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

run: build
	meson devenv -C $(BUILDDIR) ./src/copydesk

test: test-normal test-sanitize

test-normal: build
	meson test -C $(BUILDDIR) --print-errorlogs

test-sanitize: deps $(SANBUILDDIR)/build.ninja
	meson compile -C $(SANBUILDDIR)
	meson test -C $(SANBUILDDIR) --print-errorlogs --timeout-multiplier 3

bench: build
	bench/run.sh $(BUILDDIR)

fuzz: deps
	tests/fuzz/run.sh $(or $(FUZZ_SECONDS),600)

pot: build
	meson compile -C $(BUILDDIR) copydesk-pot

clean:
	rm -rf $(BUILDDIR) $(SANBUILDDIR)
