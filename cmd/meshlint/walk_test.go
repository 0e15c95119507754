package main

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/corpus"
)

// A repository root holds more than manifests.
var rootFiles = map[string]string{
	"tsconfig.json":            "{\n  // comments\n  \"compilerOptions\": {}\n}\n",
	"data/events.json":         "{\"id\": 1}\n{\"id\": 2}\n",
	"docker-compose.yaml":      "services:\n  web: {image: nginx}\n",
	"values.yaml":              "replicaCount: 2\n",
	".github/workflows/ci.yml": "on: [push]\n",
	"deploy/app.yaml":          "apiVersion: v1\nkind: Service\nmetadata: {name: app, namespace: shop}\nspec:\n  ports: [{port: 80}]\n",
}

// meshlint lint . in a repository: what is not a manifest by its content
// is a notice, counted and listed by --explain; named on its own it is an
// input error; a manifest that does not parse stays one.
func TestLintRepositoryRoot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, rootFiles)
	r := meshlint(t, dir, "", "lint", "--fail-on", "none", "--explain", ".")
	r.expect(t, exitOK, "4 input notices", "tsconfig.json: warning: not a Kubernetes manifest, skipped: no document has apiVersion and kind (line 2: invalid JSON")
	for _, f := range []string{"data/events.json", "docker-compose.yaml", "values.yaml"} {
		if !strings.Contains(r.stderr, f+": warning: not a Kubernetes manifest, skipped") {
			t.Errorf("no notice for %s:\n%s", f, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "explain: 4 inputs were not linted") {
		t.Errorf("--explain does not list the skipped files:\n%s", r.stderr)
	}
	meshlint(t, dir, "", "lint", "tsconfig.json").expect(t, exitUsage, "", "tsconfig.json:2: invalid JSON")
	writeTree(t, dir, map[string]string{"deploy/broken.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n"})
	meshlint(t, dir, "", "lint", ".").expect(t, exitUsage, "", "deploy/broken.yaml:4: invalid YAML")
}

// exclude: globs and --exclude leave paths out of walks and of the PATHs
// given, as pre-commit gives them; a bad glob is a usage error.
func TestExclude(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, rootFiles)
	writeTree(t, dir, map[string]string{"legacy/broken.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n"})
	meshlint(t, dir, "", "lint", ".").expect(t, exitUsage, "", "legacy/broken.yaml:4: invalid YAML")
	r := meshlint(t, dir, "", "lint", "--exclude", "legacy", "--exclude", "**/*.json", ".")
	r.expect(t, exitOK, "", "")
	if strings.Contains(r.stderr, "legacy") || strings.Contains(r.stderr, ".json") {
		t.Errorf("an excluded path is reported:\n%s", r.stderr)
	}
	writeTree(t, dir, map[string]string{".meshlint.yaml": "exclude: [legacy/**]\n"})
	meshlint(t, dir, "", "lint", ".").expect(t, exitOK, "", "")
	// pre-commit: the hook's entry with the changed files named.
	meshlint(t, filepath.Join(dir, "deploy"), "", "lint", "--context", "..", "../legacy/broken.yaml", "app.yaml").expect(t, exitOK, "1 object", "")
	meshlint(t, dir, "", "fix", "--diff", ".").expect(t, exitOK, "", "nothing to change")
	meshlint(t, dir, "", "lint", "--exclude", "[", ".").expect(t, exitUsage, "", "--exclude: \"[\"")
}

// meshlint diff of two revisions leaves out what the working tree's
// config excludes, in both revisions.
func TestDiffHonoursExclude(t *testing.T) {
	t.Parallel()
	repo, git := gitRepo(t)
	writeTree(t, repo, map[string]string{"deploy/app.yaml": rootFiles["deploy/app.yaml"]})
	git("add", ".")
	git("commit", "-qm", "base")
	writeTree(t, repo, map[string]string{"legacy/broken.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n"})
	git("add", ".")
	git("commit", "-qm", "head")
	meshlint(t, repo, "", "diff", "HEAD~1", "HEAD").expect(t, exitUsage, "", "legacy/broken.yaml:4: invalid YAML")
	meshlint(t, repo, "", "diff", "--exclude", "legacy", "HEAD~1", "HEAD").expect(t, exitOK, "", "")
}

// 50,000 objects in one file of about 13 MB (a helm template of an
// umbrella chart) lint: the loader has no file size cap. One document
// over --max-document-size is an input error at its line.
func TestLintOneLargeFile(t *testing.T) {
	t.Parallel()
	files := corpus.Files(50000)
	var b strings.Builder
	for _, n := range slices.Sorted(maps.Keys(files)) {
		b.WriteString("---\n" + strings.TrimSuffix(files[n], "\n") + "\n")
	}
	if b.Len() < 12<<20 {
		t.Fatalf("the corpus is %d bytes: not the large file this test is about", b.Len())
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"all.yaml": b.String()})
	r := meshlint(t, dir, "", "lint", "all.yaml")
	if r.code != exitOK && r.code != exitFindings || strings.Contains(r.stderr, "all.yaml") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if want := fmt.Sprintf(" in %d objects\n", strings.Count(b.String(), "\nkind: ")); !strings.Contains(r.stdout, want) {
		t.Errorf("the summary lacks %q", want)
	}
	// The corpus's documents are 550 bytes at most.
	meshlint(t, dir, "", "lint", "--max-document-size", "300", "all.yaml").expect(t, exitUsage, "", "all.yaml:")
	meshlint(t, dir, "", "lint", "--max-document-size", "x", "all.yaml").expect(t, exitUsage, "", "--max-document-size \"x\"")
	meshlint(t, dir, "", "lint", "--max-document-size", "2Gi", "all.yaml").expect(t, exitUsage, "", "at most 1Gi")
}
