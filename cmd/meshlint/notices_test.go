package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// notAnObject holds three documents the API server would refuse as
// objects: a `Kind:` typo, no apiVersion, and neither field.
const notAnObject = `apiVersion: v1
Kind: Service
metadata:
  name: a
---
kind: Service
metadata:
  name: b
---
foo: bar
`

// Documents that are not Kubernetes objects, and PATHs that yield no
// object, were dropped without a word (exit 0, "0 objects"): each is now a
// warning-level input notice naming file and line, on standard error, in
// --explain, and in the JSON and SARIF reports.
func TestLintNoticesDocumentsThatAreNotObjectsAndEmptyPaths(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	putFile(t, filepath.Join(dir, "typo.yaml"), notAnObject)
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`typo.yaml:1: warning: missing kind: not a Kubernetes object (keys are case-sensitive: "Kind" is not "kind")`,
		"typo.yaml:6: warning: missing apiVersion: not a Kubernetes object",
		"typo.yaml:10: warning: missing apiVersion and kind: not a Kubernetes object",
		"typo.yaml: warning: no Kubernetes object in this path",
		"empty: warning: no Kubernetes object in this path",
	}
	r := meshlint(t, dir, "", "lint", "--explain", "typo.yaml", "empty")
	r.expect(t, exitOK, "0 objects; 5 input notices", "explain: 5 inputs were not linted")
	for _, w := range want {
		if strings.Count(r.stderr, w) != 2 { // once as a warning, once in --explain
			t.Errorf("stderr lacks %q twice:\n%s", w, r.stderr)
		}
	}
	var doc struct {
		Notices []struct {
			Severity, File, Message string
			Line                    int
		} `json:"notices"`
	}
	r = meshlint(t, dir, "", "lint", "--format", "json", "typo.yaml", "empty")
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	if len(doc.Notices) != 5 || doc.Notices[1].File != "typo.yaml" || doc.Notices[1].Line != 6 ||
		doc.Notices[1].Severity != "warning" || doc.Notices[4].File != "empty" {
		t.Errorf("json notices = %+v", doc.Notices)
	}
	var sarif struct {
		Runs []struct {
			Invocations []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level   string
					Message struct{ Text string }
				}
			}
		}
	}
	r = meshlint(t, dir, "", "lint", "--format", "sarif", "typo.yaml")
	if err := json.Unmarshal([]byte(r.stdout), &sarif); err != nil {
		t.Fatalf("%v:\n%s", err, r.stdout)
	}
	inv := sarif.Runs[0].Invocations[0]
	if ns := inv.ToolExecutionNotifications; !inv.ExecutionSuccessful || len(ns) != 4 || ns[3].Level != "warning" ||
		!strings.HasPrefix(ns[3].Message.Text, "no Kubernetes object in this path") {
		t.Errorf("sarif invocation = %+v, want successful with 4 warnings", inv)
	}
}

// A PATH with objects gets no notice, and neither do the other YAML files
// of a --context directory (CI config beside the manifests).
func TestLintNoNoticeForPathsWithObjectsOrContextFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	putFile(t, filepath.Join(dir, "ci.yaml"), "on: push\n")
	good, err := os.ReadFile("testdata/clean/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	putFile(t, filepath.Join(dir, "good.yaml"), string(good))
	r := meshlint(t, dir, "", "lint", "--context", ".", "good.yaml")
	r.expect(t, exitOK, "in 2 objects\n", "")
	if strings.Contains(r.stderr, "warning") {
		t.Errorf("stderr = %s", r.stderr)
	}
	meshlint(t, dir, "", "lint", "ci.yaml").expect(t, exitOK, "2 input notices", "ci.yaml:1: warning: missing apiVersion and kind")
}

// A file name with a newline printed raw splits one location into two
// lines: text output quotes it, as git quotes such names.
func TestTextOutputQuotesFileNamesWithNewlines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	stack, err := os.ReadFile("testdata/findings/stack.yaml")
	if err != nil {
		t.Fatal(err)
	}
	putFile(t, filepath.Join(dir, "a\nb.yaml"), string(stack))
	putFile(t, filepath.Join(dir, "c\nd.yaml"), "a: [\n")
	putFile(t, filepath.Join(dir, "e\tf.yaml"), "foo: bar\n")
	r := meshlint(t, dir, "", "lint", "--fail-on", "none", "a\nb.yaml", "c\nd.yaml", "e\tf.yaml")
	r.expect(t, exitUsage, `"a\nb.yaml":30  INFO`, `"c\nd.yaml":1: invalid YAML`)
	if !strings.Contains(r.stderr, `"e\tf.yaml":1: warning: missing apiVersion and kind`) {
		t.Errorf("stderr = %s", r.stderr)
	}
	for _, out := range []string{r.stdout, r.stderr} {
		if strings.Contains(out, "a\nb") || strings.Contains(out, "c\nd") {
			t.Errorf("a raw newline in a file name:\n%s", out)
		}
	}
}

func putFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
