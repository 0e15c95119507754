package main

import (
	"os"
	"strings"
	"testing"
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
