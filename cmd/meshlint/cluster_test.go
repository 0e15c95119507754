package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/manifest"
)

// `meshlint lint --cluster` as users run it, against a real API server:
// kube-apiserver and etcd built by hack/envtest-bins.sh (KUBEBUILDER_ASSETS;
// make test sets it) with the Istio CRDs of istio.io/api from the module
// cache, as internal/clustertest starts them (cluster_env_test.go). A
// missing part fails the test, saying what to run; only -short skips it.
const (
	repoRoot = "../.."
	// cliUser is whom the binary's kubeconfig authenticates: the audit
	// log tells its requests from the test's own.
	cliUser = "meshlint-cli"
)

// Each broken state of the field report, created in an API server of its
// own (the states share object names) and linted live, gives what its
// file gives, in every format, and the binary writes nothing.
func TestLintClusterReadsWhatTheFilesSay(t *testing.T) {
	t.Parallel()
	for _, state := range []string{"before/strict.yaml", "before/host.yaml"} {
		t.Run(state, func(t *testing.T) {
			t.Parallel()
			file := filepath.Join(repoRoot, "testdata", "field-report", state)
			c := startCluster(t, file)
			before := c.versions(t)
			live := []string{"lint", "--cluster", "--kubeconfig", c.kubeconfig, "--context", "good"}
			all := lintJSON(t, append(live, "--format", "json")...)
			t.Run("json: the file's findings, exit code and all, at no file:line", func(t *testing.T) {
				testClusterJSON(t, all, file)
			})
			t.Run("text: each finding names its object, no file:line", func(t *testing.T) { testClusterText(t, live, all) })
			t.Run("sarif: results located by object", func(t *testing.T) { testClusterSARIF(t, live, all) })
			t.Run("--namespace reports on that namespace only", func(t *testing.T) { testClusterNamespace(t, live, all) })
			t.Run("KUBECONFIG stands for --kubeconfig, its current context for --context", func(t *testing.T) {
				r := meshlintIn(t, "", "", []string{"KUBECONFIG=" + c.kubeconfig}, "lint", "--cluster", "--format", "json")
				if got := parseJSON(t, r); r.code != all.code || !slices.Equal(keysOf(got), keysOf(all.findings)) {
					t.Errorf("KUBECONFIG: exit %d, findings %q\n--kubeconfig: exit %d, findings %q", r.code, keysOf(got), all.code, keysOf(all.findings))
				}
			})
			t.Run("kubeconfig errors exit 2 naming what is wrong", func(t *testing.T) { testKubeconfigErrors(t, c.kubeconfig) })
			if d := diffVersions(before, c.versions(t)); d != "" {
				t.Errorf("objects changed while meshlint read them:\n%s", d)
			}
			c.auditReadOnly(t)
		})
	}
}

// The flags that need no cluster to be wrong.
func TestLintClusterUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		args     []string
		stderr   string
	}{
		{"--cluster with a PATH", []string{"lint", "--cluster", "testdata/clean/good.yaml"}, "--cluster reads the cluster, not PATHs"},
		{"--kubeconfig without --cluster", []string{"lint", "--kubeconfig", "kc", "testdata/clean/good.yaml"}, "--kubeconfig needs --cluster"},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			meshlint(t, "", "", tc.args...).expect(t, exitUsage, "", tc.stderr)
		})
	}
}

func testClusterJSON(t *testing.T, got linted, file string) {
	want := lintJSON(t, "lint", "--format", "json", file)
	if d := diffKeys(keysOf(got.findings), keysOf(want.findings)); d != "" {
		t.Errorf("live and file findings differ:\n%s", d)
	}
	if len(want.findings) == 0 {
		t.Error("the file gives no finding: nothing compared")
	}
	for _, f := range got.findings {
		if f.File != "" || f.Line != 0 {
			t.Errorf("%s: file %q line %d, want none", f.key(), f.File, f.Line)
		}
	}
	if got.code != want.code || want.code != wantCode(want.findings) {
		t.Errorf("exit %d live, %d from the file; want %d", got.code, want.code, wantCode(want.findings))
	}
}

// wantCode is the exit status findings give with --fail-on error.
func wantCode(fs []jsonFinding) int {
	for _, f := range fs {
		if f.Severity == "error" {
			return exitFindings
		}
	}
	return exitOK
}

// fileLine is a file:line, which a finding read from a cluster has none of.
var fileLine = regexp.MustCompile(`(^|\s)\S+:\d+(\s|$)`)

// testClusterText: each finding's first line starts with its object, not a
// file:line: "Deployment/blog-system/web  ERROR    ML201 host-header-passthrough".
func testClusterText(t *testing.T, live []string, want linted) {
	r := meshlint(t, "", "", append(live, "--no-color")...)
	var heads []string
	for line := range strings.Lines(strings.TrimSuffix(r.stdout, "\n")) {
		if line != "\n" && !strings.HasPrefix(line, " ") {
			heads = append(heads, strings.TrimSuffix(line, "\n"))
		}
	}
	if len(heads) != len(want.findings)+1 || r.code != want.code {
		t.Fatalf("exit %d, %d findings and a summary, want exit %d, %d findings:\n%s", r.code, len(heads)-1, want.code, len(want.findings), r.stdout)
	}
	for i, f := range want.findings {
		head := heads[i]
		if !strings.HasPrefix(head, f.Object.ref()+"  ") || !strings.Contains(head, "  "+f.Rule+" ") || fileLine.MatchString(head) {
			t.Errorf("finding %d: %q, want it to start with %q and name %s, with no file:line", i, head, f.Object.ref()+"  ", f.Rule)
		}
	}
}

func testClusterSARIF(t *testing.T, live []string, want linted) {
	r := meshlint(t, "", "", append(live, "--format", "sarif")...)
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID    string
				Locations []struct {
					PhysicalLocation *json.RawMessage
					LogicalLocations []struct{ FullyQualifiedName string }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("sarif: %v\n%s", err, r.stdout)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 || len(log.Runs[0].Results) != len(want.findings) || r.code != want.code {
		t.Fatalf("exit %d, sarif %s, want exit %d and %d results", r.code, r.stdout, want.code, len(want.findings))
	}
	for i, res := range log.Runs[0].Results {
		ref := want.findings[i].Object.ref()
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation != nil ||
			len(res.Locations[0].LogicalLocations) != 1 || res.Locations[0].LogicalLocations[0].FullyQualifiedName != ref {
			t.Errorf("result %d (%s): locations %+v, want the logical location %s alone", i, res.RuleID, res.Locations, ref)
		}
	}
}

func testClusterNamespace(t *testing.T, live []string, all linted) {
	var inNS []jsonFinding
	for _, f := range all.findings {
		if f.Object.Namespace == "blog-system" || (f.Object.Kind == "Namespace" && f.Object.Name == "blog-system") {
			inNS = append(inNS, f)
		}
	}
	got := lintJSON(t, append(live, "--format", "json", "--namespace", "blog-system")...)
	if d := diffKeys(keysOf(got.findings), keysOf(inNS)); d != "" || len(inNS) == 0 {
		t.Errorf("--namespace blog-system, live: the findings of the whole cluster's audit in blog-system (%d):\n%s", len(inNS), d)
	}
	if got.code != wantCode(inNS) {
		t.Errorf("--namespace blog-system: exit %d, want %d", got.code, wantCode(inNS))
	}
	other := meshlint(t, "", "", append(live, "--format", "json", "--namespace", "other")...)
	other.expect(t, exitOK, "", "namespace other: nothing read")
	if fs := parseJSON(t, other); len(fs) != 0 {
		t.Errorf("--namespace other: %q", keysOf(fs))
	}
}

func testKubeconfigErrors(t *testing.T, kubeconfig string) {
	missing := filepath.Join(t.TempDir(), "nonexistent")
	cases := []struct {
		sentence string
		args     []string
		stderr   string
	}{
		{"a context the kubeconfig lacks", []string{"--kubeconfig", kubeconfig, "--context", "bad-name"},
			`kubeconfig: context "bad-name" not found (contexts: dead, good)`},
		{"a kubeconfig file that does not exist", []string{"--kubeconfig", missing},
			"kubeconfig " + missing + ": no such file or directory"},
		{"a context whose server is gone", []string{"--kubeconfig", kubeconfig, "--context", "dead"},
			"meshlint: discover the API of " + clustertest.DeadServer + ": "},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			r := meshlint(t, "", "", append([]string{"lint", "--cluster"}, tc.args...)...)
			r.expect(t, exitUsage, "", tc.stderr)
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
		})
	}
}

// jsonFinding is what the tests read of a finding in the JSON report.
type jsonFinding struct {
	Rule, Severity, File, Message string
	Line                          int
	Object                        jsonRef
}

type jsonRef struct{ Kind, Namespace, Name string }

func (r jsonRef) ref() string {
	return manifest.Ref{Kind: r.Kind, Namespace: r.Namespace, Name: r.Name}.String()
}

// key is what live and file findings share: the file adds File and Line.
func (f jsonFinding) key() string {
	return fmt.Sprintf("%s %s %s: %s", f.Rule, f.Severity, f.Object.ref(), f.Message)
}

func keysOf(fs []jsonFinding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.key()
	}
	slices.Sort(out)
	return out
}

// diffKeys shows both sides when they differ.
func diffKeys(live, files []string) string {
	if slices.Equal(live, files) {
		return ""
	}
	return fmt.Sprintf("  live:\n    %s\n  files:\n    %s\n", strings.Join(live, "\n    "), strings.Join(files, "\n    "))
}

type linted struct {
	findings []jsonFinding
	code     int
}

// lintJSON runs lint with --format json among args: a run that fails
// (exit 2) fails the test.
func lintJSON(t *testing.T, args ...string) linted {
	t.Helper()
	r := meshlint(t, "", "", args...)
	if r.code != exitOK && r.code != exitFindings {
		t.Fatalf("meshlint %v: exit %d\n%s", args, r.code, r.stderr)
	}
	return linted{parseJSON(t, r), r.code}
}

func parseJSON(t *testing.T, r result) []jsonFinding {
	t.Helper()
	var doc struct{ Findings []jsonFinding }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("json: %v\nstdout: %s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return doc.Findings
}
