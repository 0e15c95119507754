package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/corpus"
)

func TestGraphDrawsTheGoldenGraphs(t *testing.T) {
	t.Parallel()
	formats := map[string]string{"mermaid": ".mermaid.md", "dot": ".dot"}
	for _, s := range goldenStacks {
		for format, suffix := range formats {
			t.Run(s.name+" as "+format, func(t *testing.T) {
				t.Parallel()
				same(t, s.name+suffix, append([]string{"graph", "--format", format}, s.args...)...)
			})
		}
		// The HTML page is pinned for the base stack and its Gateway API
		// overlay: internal/topology reads them back with an HTML parser.
		if s.name == "blog-system" || s.name == "blog-system-gateway" {
			t.Run(s.name+" as html", func(t *testing.T) {
				t.Parallel()
				same(t, s.name+".html", append([]string{"graph", "--format", "html"}, s.args...)...)
			})
		}
	}
}

// TestGraphBareIsTheDiagramAlone: --bare drops the Markdown fence (for
// mermaid-cli or an editor), nothing else.
func TestGraphBareIsTheDiagramAlone(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "../..", "", "graph", "--bare", "testdata/field-report/before/host.yaml")
	fenced := readGolden(t, "before-host.mermaid.md")
	want := strings.TrimSuffix(strings.TrimPrefix(fenced, "```mermaid\n"), "```\n")
	if r.code != exitOK || r.stdout != want || want == fenced {
		t.Errorf("exit %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
}

// TestGraphReadsStdin: like lint, "-" reads the manifests from standard
// input, so a graph can be drawn from `kustomize build` or `helm template`.
func TestGraphReadsStdin(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "../..", "", "graph", "--format", "dot", "testdata/field-report/before/strict.yaml")
	stack, err := os.ReadFile("../../testdata/field-report/before/strict.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fromStdin := meshlint(t, "", string(stack), "graph", "--format", "dot", "-")
	if r.code != exitOK || fromStdin.code != exitOK || fromStdin.stdout != r.stdout || !strings.HasPrefix(r.stdout, "digraph") {
		t.Errorf("graph - differs from graph FILE:\n%s\nwant\n%s", fromStdin.stdout, r.stdout)
	}
}

// TestGraphFiltersEveryFormat: --namespace (-n, repeatable) and --only
// broken narrow every format alike.
func TestGraphFiltersEveryFormat(t *testing.T) {
	t.Parallel()
	twoNS := "internal/topology/testdata/fixtures/two-namespaces.yaml"
	strict := "testdata/field-report/before/strict.yaml"
	for _, format := range []string{"mermaid", "dot", "html"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			shop := meshlint(t, "../..", "", "graph", "--format", format, "-n", "shop", twoNS)
			both := meshlint(t, "../..", "", "graph", "--format", format, "--namespace", "shop", "--namespace", "blog", twoNS)
			broken := meshlint(t, "../..", "", "graph", "--format", format, "--only", "broken", strict)
			for _, r := range []result{shop, both, broken} {
				if r.code != exitOK || r.stderr != "" {
					t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
				}
			}
			// (The page's scale table is the whole stack's: read its graph.)
			shopDrawn, _, _ := strings.Cut(shop.stdout, "<h2>Scale")
			if !strings.Contains(shopDrawn, "shop/was") || strings.Contains(shopDrawn, "blog/") || strings.Contains(shopDrawn, "mysql") {
				t.Errorf("--namespace shop draws more or less than shop:\n%s", shop.stdout)
			}
			if !strings.Contains(both.stdout, "shop/was") || !strings.Contains(both.stdout, "blog/was") || !strings.Contains(both.stdout, "mysql") {
				t.Errorf("--namespace shop --namespace blog leaves something out:\n%s", both.stdout)
			}
			mtls := map[string]string{"mermaid": "HTTP: mTLS", "dot": "HTTP: mTLS", "html": `data-outcome="mtls"`}[format]
			if !strings.Contains(broken.stdout, "broken (rejected)") || strings.Contains(broken.stdout, mtls) {
				t.Errorf("--only broken draws more or less than the broken hop:\n%s", broken.stdout)
			}
		})
	}
	r := meshlint(t, "../..", "", "graph", "--only", "mtls", strict)
	if r.code != exitUsage || !strings.Contains(r.stderr, `--only: unknown value "mtls"`) {
		t.Errorf("--only mtls: exit %d, stderr %s", r.code, r.stderr)
	}
}

// TestGraphPastMermaidsLimitsSaysWhatToDo: a stack of more hops than
// Mermaid draws (the benchmark corpus) prints no diagram, says what is
// over which limit and what to do, and exits 2; --namespace and --format
// html draw it, --force prints the diagram anyway.
func TestGraphPastMermaidsLimitsSaysWhatToDo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, content := range corpus.Files(3500) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := meshlint(t, "", "", "graph", dir)
	for _, want := range []string{"edges (Mermaid draws at most 500, its maxEdges)", "(at most 50000, its maxTextSize)",
		"--namespace NS", "--only broken", "--format html"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the message lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.code != exitUsage || r.stdout != "" {
		t.Errorf("exit %d, stdout %d bytes: want 2 and nothing", r.code, len(r.stdout))
	}
	forced := meshlint(t, "", "", "graph", "--force", dir)
	if forced.code != exitOK || strings.Count(forced.stdout, " -->|") <= 500 {
		t.Errorf("--force: exit %d, %d edges", forced.code, strings.Count(forced.stdout, " -->|"))
	}
	for _, args := range [][]string{{"--namespace", "app-00001"}, {"--format", "html"}} {
		r := meshlint(t, "", "", append(append([]string{"graph"}, args...), dir)...)
		if r.code != exitOK || r.stderr != "" || r.stdout == "" {
			t.Errorf("graph %v: exit %d, stderr %s", args, r.code, r.stderr)
		}
	}
}

// TestGraphNamespaceIsTheChartsReleaseNamespace: graph's --namespace
// stands in for the rendering flags' one, so a chart renders into the
// first namespace given and the graph draws it there.
func TestGraphNamespaceIsTheChartsReleaseNamespace(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "../..", "", "graph", "--format", "dot", "-n", "shop", "internal/render/testdata/helm/blog")
	if r.code != exitOK || !strings.Contains(r.stdout, "deployment_shop_web -> deployment_shop_was") || strings.Contains(r.stdout, "default") {
		t.Errorf("exit %d, stderr %s\n%s", r.code, r.stderr, r.stdout)
	}
}
