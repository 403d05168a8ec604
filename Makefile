# cookieaudit: `make demo` and `make test` work on a fresh Debian machine.
GO        ?= go
BIN       := bin/cookieaudit
VERSION   := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   := -s -w -X main.version=$(VERSION)
TESTFLAGS ?= -count=1 -timeout 20m

.PHONY: all build deps chromium npm demo test bench lint fmt clean

all: build

build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/cookieaudit

# deps installs what the crawl and the tests need and the machine lacks: a
# browser and the npm packages (consent rules, fixtures). Any Chrome or
# Chromium on PATH that answers --version will do (a CI runner's Google
# Chrome, say), so nothing is installed then; only a machine with none gets
# Debian's Chromium with its headless shell (the browser the crawler
# prefers: about half the memory of full Chromium) through apt-get.
deps: chromium npm

BROWSERS := chromium-headless-shell headless_shell chromium chromium-browser google-chrome google-chrome-stable chrome

chromium:
	@found=""; \
	for b in $(BROWSERS); do \
		if command -v $$b >/dev/null 2>&1 && $$b --version >/dev/null 2>&1; then found=$$(command -v $$b); break; fi; \
	done; \
	if [ -n "$$found" ]; then echo "chromium: found $$found"; \
	elif ! command -v apt-get >/dev/null 2>&1; then echo "chromium: none found on PATH ($(BROWSERS)); install Chrome or Chromium, or pass --browser PATH"; \
	else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "chromium: none found; installing chromium-headless-shell chromium with apt-get"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium-headless-shell chromium >/dev/null; \
	fi

npm:
	@if [ -f package.json ]; then \
		if [ -d node_modules ] && [ node_modules -nt package-lock.json ]; then echo "npm: up to date"; \
		else echo "npm: installing"; npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch node_modules; fi; \
		echo 'module node_modules // keeps npm packages out of ./...' > node_modules/go.mod; \
	fi

demo: deps build
	./$(BIN) demo

# PKGS are the project's packages (node_modules may hold stray Go files).
PKGS = $$($(GO) list ./... | grep -v /node_modules/)
# TESTPKGS are the same with the slowest browser suites first, so that on two
# cores they do not start last and run alone.
SLOWPKGS  = ./crawler/consent ./crawler ./cmd/cookieaudit
TESTPKGS  = $$( { $(GO) list $(SLOWPKGS); $(GO) list ./...; } | grep -v /node_modules/ | awk '!seen[$$0]++')

test: deps
	$(GO) vet $(PKGS)
	$(GO) test $(TESTFLAGS) $(TESTPKGS)

# bench prints the figures of the README's performance table: scan against
# a bare chromedp loop on council-like pages in the same run (ratios), the
# whole `cookieaudit scan` process (built here) against a bare chromedp
# process, memory per site-phase, policy reading. BENCHSKIP leaves out the long heap check
# (make bench BENCHSKIP= runs it too).
BENCHSKIP ?= HeapOverLongScan
bench: deps
	$(GO) test -run '^$$' -bench . -skip '$(BENCHSKIP)' -benchmem -benchtime 1x $(PKGS)

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin
