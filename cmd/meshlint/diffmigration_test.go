package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// migration is the README's headline: the field report's Ingress stack,
// then its ingress2gateway translation served by Envoy Gateway outside the
// mesh, in front of the same STRICT namespace.
var migration = []string{"examples/migration/ingress-nginx", "examples/migration/envoy-gateway"}

const diffGoldenDir = "testdata/diff"

// TestDiffOfTheMigration asserts what must hold whatever the model knows
// of gateways: the Ingress hop is gone, the ingress-nginx side's ML101
// error is fixed unless the Envoy Gateway side has one on the same object
// (the trap moved with the traffic: the same finding, neither added nor
// fixed), and both coverages are there. Then the
// markdown is the golden file (go test -run TestDiffOfTheMigration
// -update rewrites it).
func TestDiffOfTheMigration(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "../..", "", append([]string{"diff", "--format", "json"}, migration...)...)
	if r.code != exitOK && r.code != exitFindings {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	d := parseDiff(t, r)
	if c, before, _ := d.hop(t, "Ingress/blog-system/blog", 80); c != "removed" || !slices.Equal(before, []string{"rejected"}) {
		t.Errorf("the Ingress hop: %s, was %v; want removed, was rejected", c, before)
	}
	after := parseJSON(t, meshlint(t, "../..", "", "lint", "--format", "json", "--fail-on", "none", migration[1]))
	stillThere := slices.ContainsFunc(after, func(f jsonFinding) bool {
		return f.Rule == "ML101" && f.Severity == "error" && f.Object.ref() == "PeerAuthentication/blog-system/default"
	})
	fixed := slices.Contains(rulesOf(d.Findings.Fixed), "ML101 error PeerAuthentication/blog-system/default")
	if fixed == stillThere {
		t.Errorf("ML101 fixed: %v, still on the Envoy Gateway side: %v; want one or the other", fixed, stillThere)
	}
	if (r.code == exitFindings) != (d.Summary.Failing > 0) {
		t.Errorf("exit %d with %d failing findings added", r.code, d.Summary.Failing)
	}

	md := meshlint(t, "../..", "", append([]string{"diff", "--format", "markdown"}, migration...)...)
	for _, want := range []string{"| before | 66% (", "| after | ", "| removed | NGINX Ingress -> web-service:80 (Ingress/blog-system/blog) |", "```mermaid\n"} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.stdout)
		}
	}
	golden := filepath.Join(diffGoldenDir, "migration.md")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(md.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if md.stdout != string(want) {
		t.Errorf("meshlint diff --format markdown differs from %s:\n--- got\n%s\n--- want\n%s", golden, md.stdout, want)
	}
	readmeShows(t, md.stdout)
}

// readmeShows keeps the README's diff section what diff prints (-update
// rewrites it there too).
func readmeShows(t *testing.T, out string) {
	t.Helper()
	const path = "../../README.md"
	const open, shut = "<!-- diff output: cmd/meshlint/testdata/diff/migration.md -->\n", "<!-- /diff output -->"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, rest, ok := strings.Cut(string(data), open)
	shown, tail, ok2 := strings.Cut(rest, shut)
	if !ok || !ok2 {
		t.Fatal("README.md has no diff output block")
	}
	if *updateGolden && shown != out {
		if err := os.WriteFile(path, []byte(head+open+out+shut+tail), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if shown != out {
		t.Errorf("README's diff output is stale (go test ./cmd/meshlint -run TestDiffOfTheMigration -update); diff prints:\n%s", out)
	}
}

// TestDiffMarkdownOfABrokenHop pins the pull-request comment of a change
// that breaks a hop with today's model: nginx made to forward the
// client's Host (the field report's second trap).
func TestDiffMarkdownOfABrokenHop(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	blogStack(t, dir, "base", "")
	blogStack(t, dir, "head", "web-nginx-config.yaml", hostOfClient...)
	config, err := filepath.Abs("../../manifests/blog-system/.meshlint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := meshlint(t, dir, "", "diff", "--config", config, "--format", "markdown", "base", "head")
	if r.code != exitFindings {
		t.Errorf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	golden := filepath.Join(diffGoldenDir, "blog-system-host.md")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if r.stdout != string(want) {
		t.Errorf("meshlint diff --format markdown differs from %s:\n--- got\n%s\n--- want\n%s", golden, r.stdout, want)
	}
}
