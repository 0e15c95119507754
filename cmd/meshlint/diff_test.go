package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// diffDoc is what the tests read of diff's JSON (docs/diff-json.md).
type diffDoc struct {
	Hops []struct {
		Change, Hop   string
		Via, Service  struct{ Kind, Namespace, Name string }
		Port          int
		Before, After *struct {
			Outcomes []string
			Class    string
		}
	}
	Findings     struct{ Added, Fixed []diffFinding }
	MeshCoverage struct {
		Before, After struct{ Percent int }
	} `json:"mesh_coverage"`
	Summary struct {
		Failing int
		Fails   bool
	}
}

func parseDiff(t *testing.T, r result) diffDoc {
	t.Helper()
	var d diffDoc
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatalf("json: %v\nstdout: %s\nstderr: %s", err, r.stdout, r.stderr)
	}
	return d
}

// hop returns the change of the hop declared by via (Kind/namespace/name)
// to port, or fails.
func (d diffDoc) hop(t *testing.T, via string, port int) (change string, before, after []string) {
	t.Helper()
	for _, h := range d.Hops {
		if h.Via.Kind+"/"+h.Via.Namespace+"/"+h.Via.Name == via && h.Port == port {
			if h.Before != nil {
				before = h.Before.Outcomes
			}
			if h.After != nil {
				after = h.After.Outcomes
			}
			return h.Change, before, after
		}
	}
	t.Fatalf("no hop change via %s port %d in %+v", via, port, d.Hops)
	return
}

type diffFinding struct {
	Rule, Severity, File string
	Object               struct{ Kind, Namespace, Name string }
}

// rulesOf lists findings as "rule severity Kind/namespace/name", sorted.
func rulesOf(fs []diffFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule+" "+f.Severity+" "+f.Object.Kind+"/"+f.Object.Namespace+"/"+f.Object.Name)
	}
	slices.Sort(out)
	return out
}

// blogStack copies manifests/blog-system into dir/name, with the
// replacements (old, new pairs) made in file.
func blogStack(t *testing.T, dir, name, file string, repl ...string) string {
	t.Helper()
	src := "../../manifests/blog-system"
	dst := filepath.Join(dir, name)
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".yaml") {
			var r []string
			if e.Name() == file {
				r = repl
			}
			copyFixture(t, dst, e.Name(), filepath.Join(src, e.Name()), 0o644, r...)
		}
	}
	return dst
}

// The field report's two traps, each made by a one-line change.
var (
	hostOfClient = []string{"proxy_set_header Host was-service;", "proxy_set_header Host $host;"}
	strictBlog   = []string{"  namespace: blog-system\nspec:\n  mtls:\n    mode: PERMISSIVE", "  namespace: blog-system\nspec:\n  mtls:\n    mode: STRICT"}
)

func TestDiffOfTwoPathsShowsWhatAChangeBreaks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := blogStack(t, dir, "base", "")
	host := blogStack(t, dir, "host", "web-nginx-config.yaml", hostOfClient...)
	strict := blogStack(t, dir, "strict", "peer-authentications.yaml", strictBlog...)
	config := "../../manifests/blog-system/.meshlint.yaml"

	r := meshlint(t, "", "", "diff", "--config", config, "--format", "json", base, host)
	d := parseDiff(t, r)
	if r.code != exitFindings {
		t.Errorf("Host $host: exit %d, want 1\n%s", r.code, r.stderr)
	}
	// Passthrough, then the identity-based AuthorizationPolicy of was
	// denies the caller that no longer has one: the field report's 403.
	if c, before, after := d.hop(t, "ConfigMap/blog-system/web-nginx-config", 8080); c != "changed" ||
		!slices.Equal(before, []string{"mtls"}) || !slices.Equal(after, []string{"denied"}) {
		t.Errorf("web -> was: %s %v -> %v, want changed mtls -> denied", c, before, after)
	}
	hostFindings := []string{"ML201 error ConfigMap/blog-system/web-nginx-config", "ML401 error AuthorizationPolicy/blog-system/was-allow-web"}
	if got := rulesOf(d.Findings.Added); !slices.Equal(got, hostFindings) {
		t.Errorf("added: %v", got)
	}

	r = meshlint(t, "", "", "diff", "--config", config, "--format", "json", base, strict)
	d = parseDiff(t, r)
	if r.code != exitFindings || !d.Summary.Fails || d.Summary.Failing == 0 {
		t.Errorf("STRICT: exit %d, summary %+v, want 1 and failing\n%s", r.code, d.Summary, r.stderr)
	}
	if c, before, after := d.hop(t, "Ingress/blog-system/blog", 80); c != "changed" ||
		!slices.Equal(before, []string{"plaintext"}) || !slices.Equal(after, []string{"rejected"}) {
		t.Errorf("ingress -> web: %s %v -> %v, want changed plaintext -> rejected", c, before, after)
	}
	if got := rulesOf(d.Findings.Added); !slices.Contains(got, "ML101 error PeerAuthentication/blog-system/default") {
		t.Errorf("added: %v, want ML101", got)
	}

	// The change undone: the same findings come back as fixed, and a
	// change that fixes things passes.
	r = meshlint(t, "", "", "diff", "--config", config, "--format", "json", host, base)
	d = parseDiff(t, r)
	if r.code != exitOK || !slices.Equal(rulesOf(d.Findings.Fixed), hostFindings) || len(d.Findings.Added) != 0 {
		t.Errorf("undo: exit %d, added %v, fixed %v", r.code, rulesOf(d.Findings.Added), rulesOf(d.Findings.Fixed))
	}
	if d.MeshCoverage.Before.Percent != 66 || d.MeshCoverage.After.Percent != 66 {
		t.Errorf("coverage %+v, want 66%% on both sides (the report's figure)", d.MeshCoverage)
	}

	// --fail-on none never fails; the same stack twice changes nothing.
	meshlint(t, "", "", "diff", "--config", config, "--fail-on", "none", base, host).expect(t, exitOK, "web -> was-service:8080", "")
	r = meshlint(t, "", "", "diff", "--config", config, base, base)
	r.expect(t, exitOK, "0 hops changed, 0 added, 0 removed; 0 findings added, 0 fixed; mesh coverage 66% -> 66%", "")
}

func TestDiffUsageErrorsExit2(t *testing.T) {
	t.Parallel()
	dir := "../../examples/migration/"
	cases := []struct {
		sentence string
		args     []string
		stderr   string
	}{
		{"no BASE", nil, "diff needs BASE and HEAD"},
		{"three versions", []string{dir + "ingress-nginx", dir + "envoy-gateway", dir}, "diff needs BASE and HEAD"},
		{"a path and a revision", []string{dir + "ingress-nginx", "HEAD"}, "is a path: give two paths, or two revisions"},
		{"an unknown format", []string{"--format", "sarif", dir + "ingress-nginx", dir + "envoy-gateway"}, `--format: unknown format "sarif"`},
		{"an unknown severity", []string{"--fail-on", "fatal", dir + "ingress-nginx", dir + "envoy-gateway"}, "--fail-on: unknown severity"},
		{"values on standard input", []string{"--values", "-", dir + "ingress-nginx", dir + "envoy-gateway"}, "--values - (standard input) would reach only the first"},
	}
	for _, tc := range cases {
		r := meshlint(t, "", "", append([]string{"diff"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.stderr) || r.stdout != "" {
			t.Errorf("%s: exit %d, stderr %q, stdout %q; want 2 and %q", tc.sentence, r.code, r.stderr, r.stdout, tc.stderr)
		}
	}
}

// An input error on either side exits 2, after the diff: a comparison
// over half the input proves nothing.
func TestDiffInputErrorsExit2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base := blogStack(t, dir, "base", "")
	head := blogStack(t, dir, "head", "was.yaml", "kind: Deployment", "kind: Deployment\n  bad: [unclosed")
	r := meshlint(t, "", "", "diff", base, head)
	r.expect(t, exitUsage, "meshlint diff", "was.yaml")
	if !strings.Contains(r.stderr, "("+head+")") {
		t.Errorf("the error does not name its side:\n%s", r.stderr)
	}
}
