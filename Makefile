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

.PHONY: help build dist image deps envtest-bins e2e test test-unit lint bench istioctl fuzz generate check-generated clean

help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-16s %s\n", $$1, $$2}'

build: ## build bin/meshlint (version from git describe)
	$(GO) build -ldflags '$(LDFLAGS)' -o bin/meshlint ./cmd/meshlint

# The release tool (hack/release, a module of its own) runs from its
# directory; artifacts go to dist/, file times are the commit's.
RELEASE := cd hack/release && SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || echo 315532800) \
	$(GO) run . 
RELEASE_FLAGS = -root $(CURDIR) -out $(CURDIR)/dist -version $(VERSION) -commit $(COMMIT)

dist: ## release archives in dist/: meshlint and webhook for linux, darwin, windows x amd64, arm64 (static, -trimpath, version stamped), with LICENSE and README, SHA256SUMS and a CycloneDX SBOM per binary
	rm -rf dist/build dist/*.tar.gz dist/*.zip dist/*.cdx.json dist/SHA256SUMS
	$(RELEASE) dist $(RELEASE_FLAGS)

image: ## OCI image layouts in dist/oci/{meshlint,webhook}, linux/amd64 and linux/arm64, built without a Docker engine (ghcr.io/meshlint/NAME:VERSION without v)
	$(RELEASE) image $(RELEASE_FLAGS)

deps: ## install what the tests need when missing: Debian nginx and its Lua module (nginx -t, live Host checks), graphviz (DOT output), Node.js and npm (Mermaid output), pre-commit (the hook test), zsh and fish (the completion tests), git and curl (the Action test)
	@missing=""; \
	command -v nginx >/dev/null || missing="$$missing nginx"; \
	dpkg -s libnginx-mod-http-lua >/dev/null 2>&1 || missing="$$missing libnginx-mod-http-lua"; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v pre-commit >/dev/null || missing="$$missing pre-commit"; \
	command -v zsh >/dev/null || missing="$$missing zsh"; \
	command -v fish >/dev/null || missing="$$missing fish"; \
	command -v git >/dev/null || missing="$$missing git"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	if [ -n "$$missing" ]; then $(SUDO) apt-get update && $(SUDO) apt-get install -y $$missing; fi

envtest-bins: ## build the real kube-apiserver and etcd the e2e suite runs (from Go modules; ~9 min cold on 2 cores, then cached in ~/.cache/meshlint/envtest)
	@hack/envtest-bins.sh >/dev/null

e2e: envtest-bins ## the webhook end to end: its binary against a real kube-apiserver + etcd with the Istio CRDs (test/e2e)
	assets=$$(hack/envtest-bins.sh); KUBEBUILDER_ASSETS="$$assets" $(GO) test -count=1 ./test/e2e/

# The tests build as the release does (static, -trimpath: hack/release
# build.go), and so do the builds they start (the binaries, the release
# archive, the Action's source build, the pre-commit hook): one compiled
# copy of every package, where each flag set used to compile the whole
# dependency graph again (three times on a cold cache). The Helm CLI is
# built apart, from Helm's own go.mod (internal/chart helm_binary_test.go).
test: export CGO_ENABLED = 0
test: export GOFLAGS := $(strip $(shell $(GO) env GOFLAGS 2>/dev/null) -trimpath)
test: deps envtest-bins ## run every test: Go (the e2e suite included), and the Rego policy tests through their Go wrappers
	# -timeout: on a cold build cache test/action builds the release archive and the action's source build while the other packages' tests run, which took over go test's default 10 minutes on 2 cores.
	assets=$$(hack/envtest-bins.sh); KUBEBUILDER_ASSETS="$$assets" $(GO) test -timeout 30m ./...
	# The model's builds share constructions across goroutines (mesh/cache.go, prebuild.go), and evaluations share converted terms (policy/value.go): under the race detector, a write to a shared one fails. An engine call past its deadline runs on beside the answer (webhook/detach.go). The race detector needs cgo.
	CGO_ENABLED=1 $(GO) test -race -run 'TestCachedBuildsAreFreshBuilds|TestPrebuiltModelIsTheSequentialOne|TestReleasingTheBodiesChangesNoVerdict|TestConcurrentRequests|TestTheAnswerDoesNotWaitForTheEngineToStop' ./internal/mesh ./internal/validate ./internal/admission ./internal/webhook
	cd test/oracle && $(GO) test ./...
	cd hack/release && $(GO) test ./...

test-unit: ## the tests that need no real part, without installing any: go test -short, where a test that needs nginx, kube-apiserver and etcd, helm, git, curl, Graphviz, Node.js, pre-commit, zsh, fish or unshare skips (make test runs them and fails when one is missing)
	$(GO) test -short ./...

lint: ## gofmt, go vet and staticcheck
	@bad=$$(gofmt -l .); if [ -n "$$bad" ]; then echo "gofmt would change:"; echo "$$bad"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# The lint timings run copies of the binaries: an executable the linker
# has just written shows about 20 MB more peak RSS (its own pages) than a
# copy of it, run for run. meshlint and istioctl run in turn, so that
# both meet the same phases of a machine whose speed drifts.
bench: build envtest-bins ## benchmarks (admission of one-namespace and mesh-wide changes at 10,000, 50,000 and 100,000 objects, the webhook's memory, the webhook through a real API server and at 300 req/s over HTTPS for 60 s among them), then bin/meshlint timed on 10,000, 50,000, 100,000 and 200,000 objects (CPU and memory per object) (and istioctl analyze beside it when installed: make istioctl); all in bench.txt, and the figures written into README.md's Performance section with the machine
	@command -v /usr/bin/time >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y time; }
	@echo "machine: $$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1 | grep . || uname -m), $$(nproc) CPUs, $$(awk '/MemTotal/ { printf "%.0f GiB", $$2 / 1048576 }' /proc/meminfo), $$($(GO) env GOVERSION), commit $$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" | tee bench.txt
	assets=$$(hack/envtest-bins.sh); KUBEBUILDER_ASSETS="$$assets" $(GO) test -run='^$$' -bench=. -benchmem ./... | tee -a bench.txt
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp bin/meshlint "$$tmp/meshlint"; \
	istioctl=$$(command -v istioctl || ls $$($(GO) env GOPATH)/bin/istioctl 2>/dev/null || true); \
	if [ -n "$$istioctl" ]; then cp "$$istioctl" "$$tmp/istioctl"; istioctl="$$tmp/istioctl"; fi; \
	for n in 10000 50000 100000 200000; do \
		$(GO) run ./internal/corpus/gen -objects $$n -dir "$$tmp/$$n"; \
		for i in 1 2 3; do /usr/bin/time -o "$$tmp/t" -f "%e %U %S %M" "$$tmp/meshlint" lint --fail-on none "$$tmp/$$n" >/dev/null; \
			awk -v n=$$n '{ printf "meshlint lint, %d objects: %s s wall, %.2f s CPU, %d KB peak RSS; per object: %.1f us CPU, %.1f KiB\n", n, $$1, $$2+$$3, $$4, ($$2+$$3)*1e6/n, $$4/n }' "$$tmp/t"; \
			if [ -n "$$istioctl" ]; then /usr/bin/time -o "$$tmp/t" -f "istioctl analyze --use-kube=false, $$n objects: %e s wall, %U+%S s CPU, %M KB peak RSS" \
				"$$istioctl" analyze --use-kube=false "$$tmp/$$n" >/dev/null 2>&1 || true; cat "$$tmp/t"; fi; \
		done; \
		rm -rf "$$tmp/$$n"; \
	done 2>&1 | tee -a bench.txt
	$(GO) run ./internal/benchreport/gen -in bench.txt -readme README.md

istioctl: ## install istioctl (Istio's own analyzer) from the Go module proxy, for make bench's side-by-side run
	$(GO) install istio.io/istio/istioctl/cmd/istioctl@v0.0.0-20260827124520-eed52ebb66ad

fuzz: ## short run of each fuzz target (20s each; FUZZTIME=1m make fuzz for longer)
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/nginx
	$(GO) test -run='^$$' -fuzz='^FuzzRewriteHosts$$' -fuzztime=$(FUZZTIME) ./internal/nginx
	# Inputs that reach the include bound take 0.2 s each: minimizing one for the default minute would leave no time to fuzz.
	$(GO) test -run='^$$' -fuzz='^FuzzResolveIncludes$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=2s ./internal/nginx
	$(GO) test -run='^$$' -fuzz='^FuzzLoadBytes$$' -fuzztime=$(FUZZTIME) ./internal/manifest
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/fastyaml
	$(GO) test -run='^$$' -fuzz='^FuzzHelmLineMap$$' -fuzztime=$(FUZZTIME) ./internal/render
	$(GO) test -run='^$$' -fuzz='^FuzzValidate$$' -fuzztime=$(FUZZTIME) ./internal/admission
	# The real engine judges each review, some up to their deadline: minimizing a new input for the default minute would leave no time to fuzz.
	KUBEBUILDER_ASSETS=$$(hack/envtest-bins.sh) $(GO) test -run='^$$' -fuzz='^FuzzAdmissionReview$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=2s ./internal/webhook

generate: ## regenerate docs/rules from the catalogue (internal/catalog/catalog.yaml), the webhook's install manifest and the chart's README (helm-docs)
	rm -f docs/rules/*.md
	$(GO) run ./cmd/meshlint rules --format markdown --output-dir docs/rules
	$(GO) run ./internal/chart/render > manifests/webhook/install.yaml.tmp && mv manifests/webhook/install.yaml.tmp manifests/webhook/install.yaml
	$(GO) run github.com/norwoodj/helm-docs/cmd/helm-docs@v1.14.2 -c charts -g charts/webhook

check-generated: ## fail when docs/rules differs from what make generate writes
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) run ./cmd/meshlint rules --format markdown --output-dir "$$tmp"; \
	diff -ru docs/rules "$$tmp" || { echo "docs/rules is stale: run make generate"; exit 1; }; \
	$(GO) run ./internal/chart/render | diff -u manifests/webhook/install.yaml - || { echo "manifests/webhook/install.yaml is stale: run make generate"; exit 1; }

clean: ## remove build output
	rm -rf bin bench.txt dist
