# sbcc — build, run and test. `make run` and `make test` install what is
# missing on a Debian/Ubuntu machine first (apt as root or through sudo).

GO        ?= go
BIN       := bin
TAGS_WIN  := desktop,production,webkit2_41
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
DATE      := $(shell date -u +%Y-%m-%d)
LDFLAGS   := -s -w -X sbcc/cli.Version=$(VERSION) -X sbcc/cli.Commit=$(COMMIT) -X sbcc/cli.Date=$(DATE)
APT_PKGS  := gcc pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test bench clean

## deps: install the Debian packages that are missing
deps:
	@missing=$$(for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## build: the command-line binary (no cgo, no window)
build:
	CGO_ENABLED=0 $(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/sbcc .

## run: build and start sbcc on the default data folder, with demo data on first start
run: deps build
	@$(BIN)/sbcc list actor >/dev/null 2>&1 && [ -n "$$($(BIN)/sbcc list actor)" ] || $(BIN)/sbcc demo
	@$(BIN)/sbcc list actor | head -20

## test: vet and every test
test: deps
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

## bench: the benchmark table (DESIGN.md section 7)
bench:
	$(GO) run ./tools/bench

clean:
	rm -rf $(BIN) dist
