package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// copyFixture copies a fixture into dir under name, with mode perm, edited
// by the replacements (old, new pairs; each must apply).
func copyFixture(t *testing.T, dir, name, src string, perm os.FileMode, repl ...string) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i := 0; i+1 < len(repl); i += 2 {
		if !strings.Contains(text, repl[i]) {
			t.Fatalf("%s lacks %q", src, repl[i])
		}
		text = strings.Replace(text, repl[i], repl[i+1], 1)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil { // umask aside
		t.Fatal(err)
	}
	return path
}

const hostStack = "../../testdata/field-report/host/stack.yaml"

// mysqlMeshed is the field report's stack with mysql left to the
// namespace's injection: MM02 has work to do besides MM01's.
var mysqlMeshed = []string{"        app: mysql\n        sidecar.istio.io/inject: \"false\"\n", "        app: mysql\n"}

// ruleFindings lints paths and returns the findings of rules, keyed by
// rule and object.
func ruleFindings(t *testing.T, dir string, rules []string, paths ...string) map[string]bool {
	t.Helper()
	r := meshlint(t, dir, "", append([]string{"lint", "--format", "json", "--fail-on", "none"}, paths...)...)
	if r.code != exitOK {
		t.Fatalf("lint exit %d: %s", r.code, r.stderr)
	}
	var doc struct {
		Findings []struct {
			Rule   string `json:"rule"`
			Object struct {
				Kind, Namespace, Name string
			} `json:"object"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("lint JSON: %v\n%s", err, r.stdout)
	}
	out := map[string]bool{}
	for _, f := range doc.Findings {
		for _, rule := range rules {
			if f.Rule == rule {
				out[f.Rule+" "+f.Object.Kind+"/"+f.Object.Namespace+"/"+f.Object.Name] = true
			}
		}
	}
	return out
}

var fixedRules = []string{"ML201", "ML202", "ML103", "ML104", "ML301"}

func TestFixDiffExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	host := copyFixture(t, dir, "host.yaml", hostStack, 0o644)
	before, _ := os.ReadFile(host)
	r := meshlint(t, dir, "", "fix", "host.yaml")
	r.expect(t, exitFindings, "--- a/host.yaml\n+++ b/host.yaml\n", "host.yaml:67: MM01 ConfigMap/blog-system/web-nginx-config: ")
	for _, line := range []string{"-            proxy_set_header Host $host;\n", "+            proxy_set_header Host was-service;\n"} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("diff lacks %q:\n%s", line, r.stdout)
		}
	}
	if after, _ := os.ReadFile(host); string(after) != string(before) {
		t.Error("--diff changed the file")
	}
	copyFixture(t, dir, "final.yaml", "../../testdata/field-report/final/stack.yaml", 0o644)
	r = meshlint(t, dir, "", "fix", "--diff", "final.yaml")
	r.expect(t, exitOK, "", "meshlint fix: nothing to change")
	if r.stdout != "" {
		t.Errorf("a clean stack gives a diff:\n%s", r.stdout)
	}
}

func TestFixWriteIsAtomicIdempotentAndFixes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		repl     []string
		changes  []string // what stderr names
	}{
		{"the field report's Host $host stack", nil, []string{"MM01 ConfigMap/blog-system/web-nginx-config"}},
		{"the stack with mysql in the mesh", mysqlMeshed, []string{"MM01 ConfigMap/blog-system/web-nginx-config", "MM02 StatefulSet/blog-system/mysql"}},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := copyFixture(t, dir, "stack.yaml", hostStack, 0o640, tc.repl...)
			was := ruleFindings(t, dir, fixedRules, "stack.yaml")
			if len(was) == 0 {
				t.Fatal("the input has nothing to fix: the test proves nothing")
			}
			ino := inode(t, path)

			r := meshlint(t, dir, "", "fix", "--write", "stack.yaml")
			r.expect(t, exitOK, "", "1 file rewritten")
			for _, c := range tc.changes {
				if !strings.Contains(r.stderr, c) {
					t.Errorf("stderr lacks %q:\n%s", c, r.stderr)
				}
			}
			if r.stdout != "" {
				t.Errorf("--write printed to stdout:\n%s", r.stdout)
			}
			info, err := os.Stat(path)
			if err != nil || info.Mode().Perm() != 0o640 {
				t.Errorf("mode after --write: %v (%v), want 0640", info.Mode().Perm(), err)
			}
			if inode(t, path) == ino {
				t.Error("the file was rewritten in place, not replaced by a rename")
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("left behind: %v", entries)
			}

			meshlint(t, dir, "", "fix", "stack.yaml").expect(t, exitOK, "", "nothing to change")
			now := ruleFindings(t, dir, fixedRules, "stack.yaml")
			for k := range was {
				if now[k] {
					t.Errorf("after fix, lint still reports %s", k)
				}
			}
		})
	}
}

func inode(t *testing.T, path string) uint64 {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Sys().(*syscall.Stat_t).Ino
}

func TestFixNeverWritesWhenInputIsUnparsable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := copyFixture(t, dir, "stack.yaml", hostStack, 0o644, mysqlMeshed...)
	bad := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(bad, []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [oops\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for _, p := range []string{good, bad} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	snapshot := func() map[string]string {
		out := map[string]string{}
		for _, p := range []string{good, bad} {
			data, _ := os.ReadFile(p)
			info, _ := os.Stat(p)
			out[p] = string(data) + info.ModTime().String()
		}
		return out
	}
	before := snapshot()
	for _, args := range [][]string{{"fix", "--write", "."}, {"fix", "--write", "stack.yaml", "broken.yaml"}} {
		r := meshlint(t, dir, "", args...)
		r.expect(t, exitUsage, "", "broken.yaml:5:")
		if !strings.Contains(r.stderr, "no file written") {
			t.Errorf("%v: stderr does not say that nothing was written:\n%s", args, r.stderr)
		}
		after := snapshot()
		for p := range before {
			if after[p] != before[p] {
				t.Errorf("%v changed %s", args, p)
			}
		}
	}
}

func TestFixGeneratesDestinationRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFixture(t, dir, "stack.yaml", "../../testdata/mutations/MM04/field-report-without-rules/input.yaml", 0o644)
	was := ruleFindings(t, dir, []string{"ML104"}, "stack.yaml")
	if !was["ML104 Service/blog-system/web-service"] || !was["ML104 Service/blog-system/was-service"] {
		t.Fatalf("the input lacks ML104 on web and was: %v", was)
	}

	r := meshlint(t, dir, "", "fix", "--generate-destination-rules", "--output", "mtls.yaml", "stack.yaml")
	r.expect(t, exitOK, "", "2 DestinationRules written to mtls.yaml")
	gen, err := os.ReadFile(filepath.Join(dir, "mtls.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"host: web-service.blog-system.svc.cluster.local\n", "host: was-service.blog-system.svc.cluster.local\n", "app.kubernetes.io/managed-by: meshlint\n", "mode: ISTIO_MUTUAL\n"} {
		if !strings.Contains(string(gen), want) {
			t.Errorf("mtls.yaml lacks %q:\n%s", want, gen)
		}
	}
	if now := ruleFindings(t, dir, []string{"ML104", "ML103"}, "stack.yaml", "mtls.yaml"); len(now) > 0 {
		t.Errorf("with the generated rules lint still reports %v", now)
	}

	r = meshlint(t, dir, "", "fix", "--generate-destination-rules", "--output", "mtls.yaml", "stack.yaml", "mtls.yaml")
	r.expect(t, exitOK, "", "nothing to change")
	if again, _ := os.ReadFile(filepath.Join(dir, "mtls.yaml")); string(again) != string(gen) {
		t.Errorf("a second run changed mtls.yaml:\n%s", again)
	}

	r = meshlint(t, dir, "", "fix", "--write", "--generate-destination-rules", "stack.yaml")
	r.expect(t, exitOK, "kind: DestinationRule\n", "2 DestinationRules written to standard output")
	if r.stdout != string(gen) {
		t.Errorf("standard output differs from what --output wrote:\n%s", r.stdout)
	}
}

func TestFixUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		args     []string
		stderr   string
	}{
		{"no path", []string{"fix"}, "fix needs at least one PATH"},
		{"--diff with --write", []string{"fix", "--diff", "--write", "x.yaml"}, "exclude each other"},
		{"--output without --generate-destination-rules", []string{"fix", "--output", "o.yaml", "x.yaml"}, "--output needs --generate-destination-rules"},
		{"generated rules and a diff both on stdout", []string{"fix", "--generate-destination-rules", "x.yaml"}, "needs --output FILE"},
		{"standard input", []string{"fix", "-"}, "does not read standard input"},
		{"a path that does not exist", []string{"fix", "no-such.yaml"}, "no-such.yaml: no such file or directory"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			meshlint(t, t.TempDir(), "", tc.args...).expect(t, exitUsage, "", tc.stderr)
		})
	}
}

func TestFixEditsAFileNamedTwiceOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "m"), 0o755); err != nil {
		t.Fatal(err)
	}
	path := copyFixture(t, dir, "m/stack.yaml", hostStack, 0o644, mysqlMeshed...)
	meshlint(t, dir, "", "fix", "--write", "m", "./m/stack.yaml").expect(t, exitOK, "", "2 changes made, 1 file rewritten")
	data, _ := os.ReadFile(path)
	if n := strings.Count(string(data), "sidecar.istio.io/inject: \"false\""); n != 1 {
		t.Errorf("the inject label is written %d times:\n%s", n, data)
	}
}

// fix edits manifests in place: a chart's templates are not manifests, so
// a chart given is refused and a chart met while walking is left out
// (lint renders both).
func TestFixLeavesChartsOut(t *testing.T) {
	r := meshlint(t, "../..", "", "fix", "charts/webhook")
	if r.code != exitUsage || !strings.Contains(r.stderr, "charts/webhook is a Helm chart") {
		t.Errorf("fix on a chart: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = meshlint(t, "../..", "", "fix", "charts")
	if r.code != 0 || !strings.Contains(r.stderr, "charts/webhook: a Helm chart, left out") || strings.Contains(r.stderr, "invalid YAML") {
		t.Errorf("fix on a directory holding a chart: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// A mutation the config turns off is neither made nor assumed: with MM02
// off, mysql keeps its sidecar and MM01 still rewrites the Host header.
func TestFixHonoursMutationsTurnedOff(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFixture(t, dir, "stack.yaml", hostStack, 0o644, mysqlMeshed...)
	if err := os.WriteFile(filepath.Join(dir, ".meshlint.yaml"), []byte("rules:\n  MM02:\n    mode: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := meshlint(t, dir, "", "fix", "--diff", "stack.yaml")
	r.expect(t, exitFindings, "proxy_set_header Host was-service;", "MM01 ConfigMap/blog-system/web-nginx-config")
	if strings.Contains(r.stderr, "MM02") || strings.Contains(r.stdout, `+        sidecar.istio.io/inject: "false"`) {
		t.Errorf("MM02 is off but was made:\n%s\n%s", r.stderr, r.stdout)
	}
	if err := os.WriteFile(filepath.Join(dir, ".meshlint.yaml"), []byte("rules:\n  MM04:\n    mode: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = meshlint(t, dir, "", "fix", "--generate-destination-rules", "--output", "dr.yaml", "stack.yaml")
	r.expect(t, exitUsage, "", "the config turns MM04 off")
}
