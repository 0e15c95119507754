package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/meshlint/meshlint/internal/srcline"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The repository and the render package's test inputs, from this
// package's directory (hostStack is fix_test.go's).
var (
	topDir   = filepath.Join("..", "..")
	helmData = filepath.Join(topDir, "internal", "render", "testdata", "helm")
	kustData = filepath.Join(topDir, "internal", "render", "testdata", "kustomize", "fieldreport")
)

// spot is one finding as the tests compare them: severity, rule, file:line.
type spot struct{ sev, rule, pos string }

// srcPos is file:line of the one line of dir/rel that holds want, as the
// binary run in dir names it: lines come from the source text, never from
// the test.
func srcPos(t *testing.T, dir, rel, want string) string {
	t.Helper()
	return fmt.Sprintf("%s:%d", rel, srcLine(t, filepath.Join(dir, rel), want))
}

func srcLine(t *testing.T, file, want string) int {
	t.Helper()
	return srcline.Of(t, file, want, 0)
}

var textSpot = regexp.MustCompile(`(?m)^(\S+:\d+)\s+(ERROR|WARNING|INFO)\s+(\S+) `)

// textSpots reads the findings of text output.
func textSpots(stdout string) []spot {
	var out []spot
	for _, m := range textSpot.FindAllStringSubmatch(stdout, -1) {
		out = append(out, spot{strings.ToLower(m[2]), m[3], m[1]})
	}
	return out
}

type jsonSpot struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Object   struct {
		Kind, Namespace, Name string
	} `json:"object"`
}

func jsonSpots(t *testing.T, stdout string) []jsonSpot {
	t.Helper()
	var doc struct {
		Findings []jsonSpot `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	return doc.Findings
}

func (f jsonSpot) spot() spot { return spot{f.Severity, f.Rule, fmt.Sprintf("%s:%d", f.File, f.Line)} }

// wantSpots checks the findings of severity sev (all when "") against
// want, in any order.
func wantSpots(t *testing.T, got []spot, sev string, want ...spot) {
	t.Helper()
	got = slices.DeleteFunc(slices.Clone(got), func(a spot) bool { return sev != "" && a.sev != sev })
	key := func(a, b spot) int { return strings.Compare(a.rule+a.pos, b.rule+b.pos) }
	slices.SortFunc(got, key)
	slices.SortFunc(want, key)
	if !slices.Equal(got, want) {
		t.Errorf("findings\n got %v\nwant %v", got, want)
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestHelmWebhookChartLintsClean(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sentence string
		args     []string
	}{
		{"the chart's defaults", nil},
		{"one replica", []string{"--set", "replicaCount=1"}},
		{"no mutating webhook", []string{"--set", "mutate.enabled=false"}},
		{"a ServiceMonitor", []string{"--set", "serviceMonitor.enabled=true"}},
		{"a pinned image tag as a string", []string{"--set-string", "image.tag=1.2.3"}},
		{"its own certificate instead of cert-manager's", []string{"--set", "certManager.enabled=false", "--set", "tls.secretName=webhook-tls", "--set", "tls.caBundle=Zm9v"}},
		{"a values file with a config and a ServiceMonitor", []string{"-f", "internal/render/testdata/helm/values/webhook.yaml"}},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{"lint"}, tc.args...), "charts/webhook")
			r := meshlint(t, topDir, "", args...)
			r.expect(t, exitOK, "0 errors, 0 warnings, 0 info in ", "")
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
}

func TestHelmBlogChartFindingsSitAtTheirSources(t *testing.T) {
	t.Parallel()
	fixed := filepath.Join(t.TempDir(), "fixed.yaml")
	writeTree(t, filepath.Dir(fixed), map[string]string{"fixed.yaml": "strict: false\nweb:\n  hostHeader: was-service\n"})
	ml101 := spot{"error", "ML101", srcPos(t, helmData, "blog/templates/peerauthentication.yaml", "}}STRICT{{")}
	ml201 := spot{"error", "ML201", srcPos(t, helmData, "blog/files/nginx.conf", "proxy_set_header Host {{")}
	// The passthrough hop has no peer identity for was's policy (under
	// STRICT, ML101 stops the traffic before it).
	ml401 := spot{"error", "ML401", srcPos(t, helmData, "blog/templates/authorizationpolicy-was.yaml", "apiVersion:")}
	cases := []struct {
		sentence string
		args     []string
		code     int
		want     []spot
	}{
		{"the final stack is clean", nil, exitOK, nil},
		{"--set strict=true: ML101 on the template's mode line", []string{"--set", "strict=true"}, exitFindings, []spot{ml101}},
		{"--set-string of the host trap: ML201 in files/nginx.conf", []string{"--set-string", "web.hostHeader=$host"}, exitFindings, []spot{ml201, ml401}},
		{"a values file with both traps", []string{"-f", "values/blog-traps.yaml"}, exitFindings, []spot{ml101, ml201}},
		{"a later values file wins", []string{"-f", "values/blog-traps.yaml", "-f", fixed}, exitOK, nil},
		{"-f takes a comma-separated list, as Helm's does", []string{"-f", "values/blog-traps.yaml," + fixed}, exitOK, nil},
		{"--set wins over values files", []string{"-f", "values/blog-traps.yaml", "--set", "strict=false"}, exitFindings, []spot{ml201, ml401}},
		{"the inline config: ML201 on the template line", []string{"-f", "values/blog-traps.yaml", "--set", "web.config=inline"},
			exitFindings, []spot{ml101, {"error", "ML201", srcPos(t, helmData, "blog/templates/web-config.yaml", "proxy_set_header Host {{")}}},
		{"the static config, in the namespace it names: ML201 in files/host.conf", []string{"--set", "web.config=static", "-n", "blog-system"},
			exitFindings, []spot{
				{"error", "ML201", srcPos(t, helmData, "blog/files/host.conf", "proxy_set_header Host $host;")},
				ml401,
			}},
	}
	for _, tc := range cases {
		t.Run(tc.sentence, func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{"lint"}, tc.args...), "blog")
			r := meshlint(t, helmData, "", args...)
			r.expect(t, tc.code, "", "")
			wantSpots(t, textSpots(r.stdout), "", tc.want...)
			if r.stderr != "" {
				t.Errorf("stderr: %s", r.stderr)
			}
		})
	}
}

func TestHelmReleaseNameAndNamespaceReachTheObjects(t *testing.T) {
	t.Parallel()
	r := meshlint(t, helmData, "", "lint", "--format", "json", "--set", "strict=true", "-n", "blog-system", "blog")
	r.expect(t, exitFindings, "", "")
	fs := jsonSpots(t, r.stdout)
	if len(fs) != 1 || fs[0].Object.Namespace != "blog-system" || fs[0].Object.Kind != "PeerAuthentication" {
		t.Errorf("want ML101 on PeerAuthentication/blog-system/default: %+v", fs)
	}

	names := func(args ...string) []string {
		r := meshlint(t, topDir, "", append(append([]string{"lint", "--format", "junit"}, args...), "charts/webhook")...)
		r.expect(t, exitOK, "", "")
		var doc struct {
			Suites []struct {
				Cases []struct {
					Name string `xml:"name,attr"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc.Suites) == 0 {
			t.Fatalf("junit: %v\n%s", err, r.stdout)
		}
		var out []string
		for _, c := range doc.Suites[0].Cases {
			out = append(out, c.Name)
		}
		return out
	}
	if got := names("--release-name", "canary", "--namespace", "tools"); !slices.Contains(got, "Deployment/tools/canary-webhook") {
		t.Errorf("--release-name canary -n tools: objects %v", got)
	}
	if got := names(); !slices.Contains(got, "Deployment/default/release-name-webhook") {
		t.Errorf("defaults: objects %v", got)
	}
}

// brokenCharts writes charts that do not render, beside a clean manifest.
func brokenCharts(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cm := "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n  a: %s\n  b: c\n"
	writeTree(t, dir, map[string]string{
		"charts/syntax/Chart.yaml":           "apiVersion: v2\nname: syntax\nversion: 0.1.0\n",
		"charts/syntax/templates/cm.yaml":    fmt.Sprintf(cm, "syntax", "{{ .Values.a }} {{ end }}"),
		"charts/required/Chart.yaml":         "apiVersion: v2\nname: required\nversion: 0.1.0\n",
		"charts/required/templates/cm.yaml":  fmt.Sprintf(cm, "required", `{{ required "a is required" .Values.a }}`),
		"good.yaml":                          readText(t, "testdata/clean/good.yaml"),
		"charts/required/templates/ok.yaml":  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n",
		"charts/syntax/templates/other.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n",
	})
	return dir
}

// A chart that does not render is an input error at its template's line
// (exit 2), and the other inputs are still linted and reported.
func TestHelmBrokenChartsAreInputErrors(t *testing.T) {
	t.Parallel()
	dir := brokenCharts(t)
	syntax := srcPos(t, dir, "charts/syntax/templates/cm.yaml", "{{ end }}") + ": "
	required := srcPos(t, dir, "charts/required/templates/cm.yaml", `required "a is`) + ": "

	r := meshlint(t, dir, "", "lint", "charts/syntax", "charts/required", "good.yaml")
	r.expect(t, exitUsage, "in 2 objects; 2 input errors", syntax)
	r.expect(t, exitUsage, "", required)
	r.expect(t, exitUsage, "", "a is required")

	// Met while walking: rendered, not read as YAML.
	r = meshlint(t, dir, "", "lint", ".")
	r.expect(t, exitUsage, "in 2 objects; 2 input errors", syntax)
	r.expect(t, exitUsage, "", required)
	if strings.Contains(r.stderr, "invalid YAML") {
		t.Errorf("templates read as YAML:\n%s", r.stderr)
	}

	// A missing values file, and another chart's findings still reported.
	r = meshlint(t, helmData, "", "lint", "-f", "values/no-such.yaml", "blog", filepath.Join(dir, "good.yaml"))
	r.expect(t, exitUsage, "in 2 objects; 1 input error", "values/no-such.yaml")
	r = meshlint(t, helmData, "", "lint", "--set", "strict=true", "blog", filepath.Join(dir, "charts", "required"))
	r.expect(t, exitUsage, "1 input error", "a is required")
	wantSpots(t, textSpots(r.stdout), "", spot{"error", "ML101", srcPos(t, helmData, "blog/templates/peerauthentication.yaml", "}}STRICT{{")})
}

// Charts inside a directory are rendered, not read as YAML; a template
// given directly renders its chart, from wherever it is named.
func TestHelmChartsFoundFromDirectoriesAndFiles(t *testing.T) {
	t.Parallel()
	r := meshlint(t, "", "", "lint", helmData)
	r.expect(t, exitOK, "0 errors", "")
	// The values files beside the charts are YAML, not manifests: one
	// notice each.
	for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if !strings.Contains(l, "/values/") || !strings.Contains(l, ": warning: not a Kubernetes manifest, skipped") {
			t.Errorf("stderr: %s", r.stderr)
		}
	}
	r = meshlint(t, "", "", "lint", "--set", "strict=true", helmData)
	r.expect(t, exitFindings, "", "")
	wantSpots(t, textSpots(r.stdout), "", spot{"error", "ML101", srcPos(t, "", filepath.Join(helmData, "blog/templates/peerauthentication.yaml"), "}}STRICT{{")})

	tmpl := "blog/templates/peerauthentication.yaml"
	r = meshlint(t, helmData, "", "lint", "--set", "strict=true", tmpl)
	r.expect(t, exitFindings, "", "")
	wantSpots(t, textSpots(r.stdout), "", spot{"error", "ML101", srcPos(t, helmData, tmpl, "}}STRICT{{")})

	// From inside templates/, the chart is above the working directory.
	inside := filepath.Join(helmData, "blog", "templates")
	r = meshlint(t, inside, "", "lint", "--set", "strict=true", "peerauthentication.yaml")
	r.expect(t, exitFindings, "", "")
	wantSpots(t, textSpots(r.stdout), "", spot{"error", "ML101", srcPos(t, inside, "../templates/peerauthentication.yaml", "}}STRICT{{")})
	r = meshlint(t, filepath.Join(topDir, "charts", "webhook", "templates"), "", "lint", "deployment.yaml")
	r.expect(t, exitOK, "0 errors", "")
	if r.stderr != "" {
		t.Errorf("a template read as YAML: %s", r.stderr)
	}
}

func TestKustomizeBlogSystemLintsClean(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(topDir, "manifests", "blog-system")
	if _, err := os.Stat(filepath.Join(dir, "mysql.env")); err == nil {
		// Someone's real credentials: lint a copy without them.
		cp := t.TempDir()
		if err := os.CopyFS(cp, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(cp, "mysql.env")); err != nil {
			t.Fatal(err)
		}
		dir = cp
	}
	note := "note: " + srcPos(t, dir, "kustomization.yaml", "- mysql.env") + ": mysql.env is missing"
	meshlint(t, dir, "", "lint", ".").expect(t, exitOK, "0 errors, 0 warnings, 0 info in ", note)
}

func TestKustomizeFieldReportFindingsSitAtTheirSources(t *testing.T) {
	t.Parallel()
	overlay := filepath.Join(kustData, "overlay")
	want := []spot{
		{"error", "ML201", srcPos(t, overlay, "../base/nginx.conf", "proxy_set_header Host $host;")},
		{"error", "ML101", srcPos(t, overlay, "strict-mtls.yaml", "mode: STRICT")},
	}
	r := meshlint(t, overlay, "", "lint", ".")
	r.expect(t, exitFindings, "", "")
	wantSpots(t, textSpots(r.stdout), "error", want...)

	r = meshlint(t, overlay, "", "lint", "--format", "json", ".")
	r.expect(t, exitFindings, "", "")
	var got []spot
	for _, f := range jsonSpots(t, r.stdout) {
		got = append(got, f.spot())
	}
	wantSpots(t, got, "error", want...)

	// Named from the parent, the positions follow the path given.
	r = meshlint(t, kustData, "", "lint", "overlay")
	r.expect(t, exitFindings, "", "")
	wantSpots(t, textSpots(r.stdout), "error",
		spot{"error", "ML201", srcPos(t, kustData, "base/nginx.conf", "proxy_set_header Host $host;")},
		spot{"error", "ML101", srcPos(t, kustData, "overlay/strict-mtls.yaml", "mode: STRICT")})
}

func TestKustomizeMissingResourceIsAnInputError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"k/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ns.yaml\n  - missing.yaml\n",
		"k/ns.yaml":            "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: k\n",
		"good.yaml":            readText(t, "testdata/clean/good.yaml"),
	})
	r := meshlint(t, dir, "", "lint", "k", "good.yaml")
	r.expect(t, exitUsage, "in 2 objects; 1 input error", srcPos(t, dir, "k/kustomization.yaml", "- missing.yaml")+": ")
	r.expect(t, exitUsage, "", "missing.yaml")
}

// splitStack writes the host stack of the field report as two files: the
// nginx ConfigMap alone, and the rest (which holds ML401, an error only the
// ConfigMap's Host $host leads to).
func splitStack(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var cm, rest []string
	for _, doc := range strings.Split(readText(t, hostStack), "\n---\n") {
		if strings.Contains(doc, "\nkind: ConfigMap\n") {
			cm = append(cm, doc)
		} else {
			rest = append(rest, doc)
		}
	}
	if len(cm) != 1 {
		t.Fatalf("%s: %d ConfigMaps", hostStack, len(cm))
	}
	writeTree(t, dir, map[string]string{
		"nginx-cm.yaml": cm[0] + "\n",
		"rest.yaml":     strings.Join(rest, "\n---\n") + "\n",
	})
	return dir
}

func TestContextIsReadButNotReportedOn(t *testing.T) {
	t.Parallel()
	dir := splitStack(t)
	ml201 := spot{"error", "ML201", srcPos(t, dir, "nginx-cm.yaml", "proxy_set_header Host $host;")}

	// The whole directory: both files have an error.
	r := meshlint(t, dir, "", "lint", ".")
	r.expect(t, exitFindings, "", "")
	var files []string
	for _, a := range textSpots(r.stdout) {
		files = append(files, a.rule+" "+strings.Split(a.pos, ":")[0])
	}
	if !slices.Contains(files, "ML401 rest.yaml") || !slices.Contains(files, "ML201 nginx-cm.yaml") {
		t.Fatalf("the stack lost its findings: %v", files)
	}

	// With the rest as context: ML201 on the file given, nothing on rest.yaml.
	r = meshlint(t, dir, "", "lint", "--context", ".", "nginx-cm.yaml")
	r.expect(t, exitFindings, "in 1 object", "")
	wantSpots(t, textSpots(r.stdout), "", ml201)

	// Alone, the ConfigMap tells nothing: ML201 needs the Service it calls.
	r = meshlint(t, dir, "", "lint", "nginx-cm.yaml")
	r.expect(t, exitOK, "0 errors", "")
	wantSpots(t, textSpots(r.stdout), "")

	// A directory given inside the context is read once, not again by the
	// context's walk.
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "nginx-cm.yaml"), filepath.Join(dir, "web", "nginx-cm.yaml")); err != nil {
		t.Fatal(err)
	}
	r = meshlint(t, dir, "", "lint", "--context", ".", "web")
	r.expect(t, exitFindings, "in 1 object", "")
	wantSpots(t, textSpots(r.stdout), "", spot{"error", "ML201", "web/" + ml201.pos})
	if err := os.Rename(filepath.Join(dir, "web", "nginx-cm.yaml"), filepath.Join(dir, "nginx-cm.yaml")); err != nil {
		t.Fatal(err)
	}

	// Standard input is a given path too. It holds the same ConfigMap as
	// the context's nginx-cm.yaml: the given copy, loaded last, is the one
	// kept, and ML002 names both places on it.
	r = meshlint(t, dir, readText(t, filepath.Join(dir, "nginx-cm.yaml")), "lint", "--context", ".", "-")
	r.expect(t, exitFindings, "", "")
	wantSpots(t, textSpots(r.stdout), "", spot{"warning", "ML002", "-:1"},
		spot{"error", "ML201", "-" + strings.TrimPrefix(ml201.pos, "nginx-cm.yaml")})
}

func TestContextErrors(t *testing.T) {
	t.Parallel()
	dir := splitStack(t)
	meshlint(t, dir, "", "lint", "--context", "nginx-cm.yaml", "rest.yaml").expect(t, exitUsage, "", "--context: nginx-cm.yaml is not a directory")
	meshlint(t, dir, "", "lint", "--context", "no-such-dir", "rest.yaml").expect(t, exitUsage, "", "--context: ")

	// A broken context file is shown, not counted: the given file decides.
	writeTree(t, dir, map[string]string{"broken.yaml": readText(t, "testdata/broken/bad.yaml")})
	r := meshlint(t, dir, "", "lint", "--context", ".", "nginx-cm.yaml")
	r.expect(t, exitFindings, "", "(context, not reported on)")
	if !regexp.MustCompile(`(?m)^broken\.yaml:\d+: .*\(context, not reported on\)$`).MatchString(r.stderr) {
		t.Errorf("stderr lacks broken.yaml:line: ... (context, not reported on):\n%s", r.stderr)
	}
	if strings.Contains(r.stdout, "input error") {
		t.Errorf("a context error counted:\n%s", r.stdout)
	}
	meshlint(t, dir, "", "lint", "--fail-on", "none", "--context", ".", "nginx-cm.yaml").expect(t, exitOK, "1 error", "(context, not reported on)")
}

// A template given with its chart's parent as context reports the chart's
// findings: one file of a chart puts the whole chart in scope.
func TestContextWithAChartTemplate(t *testing.T) {
	t.Parallel()
	ml101 := spot{"error", "ML101", srcPos(t, helmData, "blog/templates/peerauthentication.yaml", "}}STRICT{{")}
	for _, tmpl := range []string{"blog/templates/peerauthentication.yaml", "blog/templates/web.yaml", "blog/values.yaml"} {
		r := meshlint(t, helmData, "", "lint", "--set", "strict=true", "--context", ".", tmpl)
		r.expect(t, exitFindings, "", "")
		wantSpots(t, textSpots(r.stdout), "", ml101)
	}
	inside := filepath.Join(helmData, "blog", "templates")
	r := meshlint(t, inside, "", "lint", "--set", "strict=true", "--context", "../..", "peerauthentication.yaml")
	r.expect(t, exitFindings, "", "")
	wantSpots(t, textSpots(r.stdout), "", spot{"error", "ML101", srcPos(t, inside, "../templates/peerauthentication.yaml", "}}STRICT{{")})
	if r.stderr != "" {
		t.Errorf("stderr: %s", r.stderr)
	}
}
