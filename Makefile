# The map of the project: `make help` lists every target.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

GO          ?= go
VERSION     ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT      ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo none)
LDFLAGS     := -X main.version=$(VERSION) -X main.commit=$(COMMIT)
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME    ?= 20s
# apt-get needs root; CI runs as root, a developer may not.
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help build deps test lint bench fuzz generate check-generated clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-16s %s\n", $$1, $$2}'

build: ## build bin/meshlint (version from git describe)
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/meshlint ./cmd/meshlint

deps: ## install what the tests need when missing: Debian nginx (nginx -t on rewritten configs)
	@command -v nginx >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nginx; }

test: deps ## run every test: Go, and the Rego policy tests through their Go wrappers
	$(GO) test ./...

lint: ## gofmt, go vet and staticcheck
	@bad=$$(gofmt -l .); if [ -n "$$bad" ]; then echo "gofmt would change:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

bench: ## run the benchmarks (table in bench.txt)
	$(GO) test -run='^$$' -bench=. -benchmem ./... | tee bench.txt

fuzz: ## short run of each fuzz target (20s each; FUZZTIME=1m make fuzz for longer)
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/nginx
	$(GO) test -run='^$$' -fuzz='^FuzzLoadBytes$$' -fuzztime=$(FUZZTIME) ./internal/manifest

generate: ## regenerate docs/rules from the catalogue (internal/catalog/catalog.yaml)
	rm -f docs/rules/*.md
	$(GO) run ./cmd/meshlint rules --format markdown --output-dir docs/rules

check-generated: ## fail when docs/rules differs from what make generate writes
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) run ./cmd/meshlint rules --format markdown --output-dir "$$tmp"; \
	diff -ru docs/rules "$$tmp" || { echo "docs/rules is stale: run make generate"; exit 1; }

clean: ## remove build output
	rm -rf bin bench.txt
