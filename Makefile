# sbcc — build and test. `make run` and `make test` install what is missing.
GO        ?= go
NPM       ?= npm
BIN       ?= sbcc
DESKTOP   ?= sbcc-desktop
FRONTEND  := frontend
DESKTOP_TAGS := desktop,production,webkit2_41
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
DATE      := $(shell date -u +%Y-%m-%d)
LDFLAGS   := -s -w -X sbcc/cli.Version=$(VERSION) -X sbcc/cli.Commit=$(COMMIT) -X sbcc/cli.Date=$(DATE)
APT_PKGS  := gcc pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth chromium imagemagick bc iptables iproute2
# Only for `make dist` and `make dist-check`: the installer, signing, the .deb, Wine for the Windows CLI.
DIST_APT_PKGS := gcc pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev nsis osslsigncode openssl dpkg-dev file wine64
SCREENSHOTS ?= screenshots
ADDR      ?= 127.0.0.1:8765
BENCH_ACTORS ?= 100000

.PHONY: deps apt-deps npm-deps frontend build desktop run test go-test frontend-test e2e docs-screenshots desktop-smoke bench clean dist-deps dist dist-check

deps: apt-deps npm-deps

# Installs the apt packages that are missing (root, or sudo when there is one).
apt-deps:
	@$(MAKE) --no-print-directory apt-install PKGS="$(APT_PKGS)"

dist-deps: npm-deps
	@$(MAKE) --no-print-directory apt-install PKGS="$(DIST_APT_PKGS)"

.PHONY: apt-install
apt-install:
	@missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		[ -n "$$APT_UPDATED" ] || $$SUDO apt-get update -qq; DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

npm-deps: $(FRONTEND)/node_modules/.package-lock.json

$(FRONTEND)/node_modules/.package-lock.json: $(FRONTEND)/package-lock.json $(FRONTEND)/package.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	@touch $@

# The built UI goes into frontend/dist (embedded by frontend/embed.go); .keep stays.
frontend: npm-deps
	rm -rf $(FRONTEND)/dist/assets $(FRONTEND)/dist/index.html
	cd $(FRONTEND) && $(NPM) run build

# The CLI and web server: plain go build, no tags, no cgo needed.
build: frontend
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

# The window binary (needs gtk3 and webkit2gtk-4.1; no Wails CLI).
desktop: frontend
	$(GO) build -tags $(DESKTOP_TAGS) -ldflags "$(LDFLAGS)" -o $(DESKTOP) .

# Opens the app on the default data folder, with the demo network on first
# start; without a display it serves the web UI and prints the address.
run: deps desktop
	@./$(DESKTOP) list actor 2>/dev/null | grep -q . || ./$(DESKTOP) demo
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then ./$(DESKTOP); \
	else echo "No display found: serving the web interface instead."; ./$(DESKTOP) web --http $(ADDR); fi

test: deps go-test frontend-test e2e desktop-smoke

# Twice: with the race detector, then without it, where the tests the race
# detector slows run at full size (TestCatchUpBytes checks its byte bound,
# the killed import writes all its rows: see race_on_test.go/race_off_test.go).
# Fuzz targets run their seed corpora as ordinary tests in both runs.
go-test:
	$(GO) vet ./...
	$(GO) test -race ./...
	$(GO) test ./...
	# Offices behind NAT syncing through a hub, in network namespaces (root;
	# elsewhere it says loudly that it did not run).
	SBCC_NETNS=1 $(GO) test -run TestNATTopology -count=1 -v ./sync/gossip

frontend-test: npm-deps
	cd $(FRONTEND) && $(NPM) run check && $(NPM) test

# The browser tests run once: a failure fails the build (no re-run, so a
# flaky test cannot show green).
e2e: build
	cd $(FRONTEND) && export SBCC_BIN=$(CURDIR)/$(BIN) SCREENSHOTS=$(CURDIR)/$(SCREENSHOTS); \
	node --test e2e/

# The README's screenshots are the browser tests' own: `make e2e docs-screenshots`.
docs-screenshots:
	cp $(SCREENSHOTS)/02-search-lodz.png docs/screenshot-search.png
	cp $(SCREENSHOTS)/20-graph.png docs/screenshot-graph.png
	cp $(SCREENSHOTS)/21-map.png docs/screenshot-map.png
	cp $(SCREENSHOTS)/forum-01-plan.png docs/screenshot-speed-dating.png
	cp $(SCREENSHOTS)/publish-search.png docs/screenshot-catalogue.png

desktop-smoke: desktop
	scripts/desktop-smoke.sh ./$(DESKTOP) $(SCREENSHOTS)/desktop.png

# BENCH_ACTORS sets the directory size of the keystroke-to-paint row.
bench: build
	$(GO) run ./tools/bench -actors $(BENCH_ACTORS)
	cd $(FRONTEND) && SBCC_BIN=$(CURDIR)/$(BIN) node e2e/bench-keystroke.mjs $(BENCH_ACTORS)
	cd $(FRONTEND) && SBCC_BIN=$(CURDIR)/$(BIN) node e2e/bench-screens.mjs $(BENCH_ACTORS)

# Release artefacts in dist/ (see scripts/dist.sh and "Install" in the README):
# Windows exe and installer, .deb, Linux binaries, SHA256SUMS. Set
# VERSION=1.2.3 for a release; SBCC_SIGN_* to sign (scripts/sign.sh).
dist: frontend
	GO="$(GO)" VERSION="$(VERSION)" COMMIT="$(COMMIT)" DATE="$(DATE)" DESKTOP_TAGS="$(DESKTOP_TAGS)" scripts/dist.sh

# Checks what `make dist` made: file types, signatures, the .deb installed
# and run (as root), the Windows build under Wine when Wine runs here.
dist-check:
	scripts/dist-check.sh dist

clean:
	rm -rf $(BIN) $(DESKTOP) $(FRONTEND)/dist/assets $(FRONTEND)/dist/index.html $(SCREENSHOTS) dist
