package chart

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// helmDocs is the helm-docs release the chart's README is generated with
// (github.com/norwoodj/helm-docs, run from the Go module proxy as
// `go run ...@version`, outside this module).
const helmDocs = "github.com/norwoodj/helm-docs/cmd/helm-docs@v1.14.2"

// The chart's README is what helm-docs writes from README.md.gotmpl and
// values.yaml's `# --` comments: a value added or changed without its
// README fails here. To regenerate:
//
//	go run github.com/norwoodj/helm-docs/cmd/helm-docs@v1.14.2 -c charts -g charts/webhook
func TestTheChartREADMEIsWhatHelmDocsGenerates(t *testing.T) {
	src, dir := chartDir(t), filepath.Join(t.TempDir(), "webhook")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"Chart.yaml", "values.yaml", "README.md.gotmpl"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", helmDocs, "--dry-run", "--chart-search-root", filepath.Dir(dir), "--log-level", "warning")
	cmd.Dir = filepath.Dir(dir) // outside this module: helm-docs' own go.mod decides
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	want, err := cmd.Output()
	if warnings := withoutDownloads(stderr.String()); err != nil || warnings != "" {
		t.Fatalf("helm-docs: %v\n%s", err, warnings)
	}
	got, err := os.ReadFile(filepath.Join(src, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		line, have, gen := firstDiff(got, want) // install_test.go
		t.Errorf("charts/webhook/README.md differs from what helm-docs generates, first at line %d:\n  README:    %q\n  helm-docs: %q\nrun:\n  go run %s -c charts -g charts/webhook",
			line, have, gen, helmDocs)
	}
	if !strings.Contains(string(want), "| webhooks.timeoutSeconds | int | `5` |") {
		t.Errorf("the generated values table lacks webhooks.timeoutSeconds:\n%s", want)
	}
}

// withoutDownloads is what helm-docs wrote to stderr, without the lines
// in which `go run` reports fetching its modules (a fresh module cache):
// those are not helm-docs' warnings.
func withoutDownloads(stderr string) string {
	var kept []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if l != "" && !strings.HasPrefix(l, "go: downloading ") {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, "\n")
}
