package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// goldenDir holds the tables and graphs internal/topology pins; the CLI
// must print exactly them.
const goldenDir = "../../internal/topology/testdata"

var updateGolden = flag.Bool("update", false, "rewrite the golden files from the output of the binary")

// goldenStacks are the inputs of the golden files, as run from the
// repository root.
var goldenStacks = []struct {
	name string
	args []string
}{
	{"blog-system", []string{"--config", "manifests/blog-system/.meshlint.yaml", "manifests/blog-system"}},
	// A kustomize overlay, which only the CLI renders: its golden files are
	// pinned here alone (go test -run TestReportPrintsTheGoldenTables
	// -update rewrites them).
	{"blog-system-ambient", []string{"--config", "manifests/blog-system-ambient/.meshlint.yaml", "manifests/blog-system-ambient"}},
	{"blog-system-gateway", []string{"manifests/blog-system-gateway"}},
	{"before-initial", []string{"testdata/field-report/before/initial.yaml"}},
	{"before-strict", []string{"testdata/field-report/before/strict.yaml"}},
	{"before-host", []string{"testdata/field-report/before/host.yaml"}},
}

func readGolden(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(goldenDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// same runs the binary from the repository root and compares its output
// with a golden file.
func same(t *testing.T, golden string, args ...string) {
	t.Helper()
	r := meshlint(t, "../..", "", args...)
	if r.code != exitOK || !onlyMissingSecretNote(r.stderr) {
		t.Fatalf("exit %d, stderr: %s", r.code, r.stderr)
	}
	if *updateGolden {
		if err := os.WriteFile(filepath.Join(goldenDir, golden), []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := readGolden(t, golden); r.stdout != want {
		t.Errorf("meshlint %s differs from %s:\n--- got\n%s\n--- want\n%s", strings.Join(args, " "), golden, r.stdout, want)
	}
}

// onlyMissingSecretNote: manifests/blog-system is a kustomization whose
// Secret is generated from a git-ignored mysql.env; without that file the
// build notes it, and says nothing else.
func onlyMissingSecretNote(stderr string) bool {
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if l != "" && !(strings.HasPrefix(l, "note: ") && strings.Contains(l, "mysql.env is missing")) {
			return false
		}
	}
	return true
}

func TestReportPrintsTheGoldenTables(t *testing.T) {
	t.Parallel()
	formats := map[string]string{"text": ".report.txt", "markdown": ".report.md", "json": ".report.json"}
	for _, s := range goldenStacks {
		for format, suffix := range formats {
			t.Run(s.name+" as "+format, func(t *testing.T) {
				t.Parallel()
				same(t, s.name+suffix, append([]string{"report", "--format", format}, s.args...)...)
			})
		}
	}
}

func TestReportDefaultsToTextAndFindsTheConfigUpward(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "../../manifests/blog-system", "", "report", ".")
	if want := readGolden(t, "blog-system.report.txt"); r.code != exitOK || r.stdout != want {
		t.Errorf("meshlint report . in manifests/blog-system: exit %d\n%s\nwant\n%s", r.code, r.stdout, want)
	}
}

// TestReportJSONShape holds the documented keys (internal/topology's
// package documentation), which tools read.
func TestReportJSONShape(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "../..", "", "report", "--format", "json", "--config", "manifests/blog-system/.meshlint.yaml", "manifests/blog-system")
	var doc struct {
		Scale struct {
			Namespaces struct {
				Count int      `json:"count"`
				Names []string `json:"names"`
			} `json:"namespaces"`
			Coverage struct {
				Percent   int      `json:"percent"`
				NotMeshed []string `json:"not_meshed"`
			} `json:"mesh_coverage"`
			PeerAuthentications int `json:"peer_authentications"`
		} `json:"scale"`
		Nodes []struct{ ID, Label, Kind string } `json:"nodes"`
		Hops  []struct {
			Hop, From, To, Outcome, Label, Class string
			Port                                 int
			Via                                  []struct {
				File string
				Line int
			}
		} `json:"hops"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	s := doc.Scale
	if s.Namespaces.Count != 2 || s.Coverage.Percent != 66 || len(s.Coverage.NotMeshed) != 1 || s.PeerAuthentications != 2 {
		t.Errorf("scale %+v", s)
	}
	if len(doc.Hops) != 3 || doc.Hops[1].Hop != "web -> was:8080" || doc.Hops[1].Outcome != "mtls" ||
		doc.Hops[1].Class != "mtls" || doc.Hops[1].Via[0].File != "manifests/blog-system/web-nginx-config.yaml" {
		t.Errorf("hops %+v", doc.Hops)
	}
	ids := map[string]bool{}
	for _, n := range doc.Nodes {
		ids[n.ID] = true
	}
	for _, h := range doc.Hops {
		if !ids[h.From] || !ids[h.To] {
			t.Errorf("hop %s names nodes %s, %s that the nodes list lacks", h.Hop, h.From, h.To)
		}
	}
}

func TestReportAndGraphUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		args     []string
		stdout   string
		stderr   string
	}{
		{"report without a path", []string{"report"}, "", "report needs at least one PATH"},
		{"graph without a path", []string{"graph"}, "", "graph needs at least one PATH"},
		{"an unknown report format", []string{"report", "--format", "html", "testdata/clean"}, "", `unknown format "html" (want text, markdown, json)`},
		{"an unknown graph format", []string{"graph", "--format", "svg", "testdata/clean"}, "", `unknown format "svg" (want mermaid, dot, html)`},
		{"a broken file is named, the rest still reported", []string{"report", "testdata/broken", "testdata/clean"}, "SCALE ITEM", "bad.yaml:"},
		{"a broken file is named, the rest still drawn", []string{"graph", "testdata/broken", "testdata/clean"}, "flowchart LR", "bad.yaml:"},
	}
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			t.Parallel()
			meshlint(t, "", "", c.args...).expect(t, exitUsage, c.stdout, c.stderr)
		})
	}
}

// TestShippedStacksLintCleanAsTheirReadmesSay runs the commands each
// shipped stack's README gives: from its directory (the config found
// upward) and with --config from the repository root; the README shows
// what lint prints.
func TestShippedStacksLintCleanAsTheirReadmesSay(t *testing.T) {
	t.Parallel()
	for dir, objects := range map[string]int{"manifests/blog-system": 21, "manifests/blog-system-ambient": 17, "manifests/blog-system-gateway": 24} {
		t.Run(dir, func(t *testing.T) {
			t.Parallel()
			clean := fmt.Sprintf("0 errors, 0 warnings, 0 info in %d objects\n", objects)
			r := meshlint(t, "../../"+dir, "", "lint", "--explain", ".")
			r.expect(t, exitOK, clean, "explain: the inputs told everything the rules need")
			args := []string{"lint", dir}
			if _, err := os.Stat("../../" + dir + "/.meshlint.yaml"); err == nil {
				args = []string{"lint", "--config", dir + "/.meshlint.yaml", dir}
			}
			r = meshlint(t, "../..", "", args...)
			if r.code != exitOK || r.stdout != clean {
				t.Errorf("exit %d:\n%s", r.code, r.stdout)
			}
			readme, err := os.ReadFile("../../" + dir + "/README.md")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(readme), "\n"+clean) {
				t.Errorf("README.md does not show what lint prints: %q", clean)
			}
		})
	}
}
