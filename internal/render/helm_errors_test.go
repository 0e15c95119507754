package render

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// writeChart writes a chart of the given files (name -> content) under a
// temporary directory and returns its path.
func writeChart(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "c")
	if _, ok := files["Chart.yaml"]; !ok {
		files["Chart.yaml"] = "apiVersion: v2\nname: c\nversion: 0.1.0\n"
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"

func TestHelmErrorsNameTheFile(t *testing.T) {
	cases := []struct {
		name  string
		chart map[string]string // nil: the blog chart
		dir   string            // instead of a chart
		opts  HelmOptions
		// the error starts with prefix ($DIR: the chart's directory) and
		// holds every one of has
		prefix string
		has    []string
	}{
		{name: "a chart directory that does not exist",
			dir: "testdata/helm/nope", prefix: "load chart testdata/helm/nope:", has: []string{"no such file"}},
		{name: "a directory without Chart.yaml",
			dir: "testdata/helm", prefix: "load chart testdata/helm:", has: []string{"Chart.yaml"}},
		{name: "broken template syntax is Helm's parse error at the template line",
			chart:  map[string]string{"templates/cm.yaml": configMap + "  name: x\ndata:\n  a: {{ .Values.a ) }}\n"},
			prefix: "$DIR/templates/cm.yaml:6: ", has: []string{"parse error at (c/templates/cm.yaml:6)"}},
		{name: "a required value missing is Helm's execution error at the template line",
			chart:  map[string]string{"templates/cm.yaml": configMap + "  name: {{ required \"name is required\" .Values.name }}\n"},
			prefix: "$DIR/templates/cm.yaml:4: ", has: []string{"execution error at (c/templates/cm.yaml:4:", "name is required"}},
		{name: "fail in a named template is blamed on the line that includes it, as Helm does",
			chart: map[string]string{
				"templates/_helpers.tpl": "{{- define \"c.name\" -}}\n{{- fail \"no name\" -}}\n{{- end }}\n",
				"templates/cm.yaml":      configMap + "  name: {{ include \"c.name\" . }}\n"},
			prefix: "$DIR/templates/cm.yaml:4: ", has: []string{"no name"}},
		{name: "a values file that does not exist",
			opts: HelmOptions{ValueFiles: []string{"testdata/helm/values/nope.yaml"}}, prefix: "values file: open testdata/helm/values/nope.yaml:"},
		{name: "a values file that is not YAML",
			opts: HelmOptions{ValueFiles: []string{"helm_test.go"}}, prefix: "values file helm_test.go:"},
		{name: "--set without a value",
			opts: HelmOptions{Set: []string{"web.replicas"}}, prefix: "--set web.replicas:", has: []string{"no value"}},
		{name: "--set-string with a broken index",
			opts: HelmOptions{SetString: []string{"a[=1"}}, prefix: "--set-string a[=1:"},
		{name: "values against values.schema.json name the schema file and every violation",
			opts:   HelmOptions{Set: []string{"web.replicas=0,web.config=other"}},
			prefix: "$DIR/values.schema.json: ", has: []string{"/web/replicas", "/web/config"}},
		{name: "a dependency in Chart.yaml not vendored under charts/",
			chart: map[string]string{
				"Chart.yaml":        "apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 1.0.0\n    repository: https://charts.example.com\n",
				"templates/cm.yaml": configMap + "  name: x\n"},
			prefix: "chart $DIR: ", has: []string{"helm dependency build", "c -> redis"}},
		{name: "a library chart",
			chart:  map[string]string{"Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\ntype: library\n"},
			prefix: "chart $DIR: ", has: []string{"library charts are not installable"}},
		{name: "a Kubernetes version the chart's kubeVersion refuses",
			chart: map[string]string{"Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\nkubeVersion: \">=1.30.0-0\"\n",
				"templates/cm.yaml": configMap + "  name: x\n"},
			opts: HelmOptions{KubeVersion: "1.25.0"}, prefix: "chart $DIR requires kubeVersion >=1.30.0-0"},
		{name: "a Kubernetes version that does not parse",
			opts: HelmOptions{KubeVersion: "latest"}, prefix: `kube version "latest":`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.dir
			switch {
			case c.chart != nil:
				dir = writeChart(t, c.chart)
			case dir == "":
				dir = blogChart
			}
			files, err := Helm(dir, c.opts)
			if err == nil {
				t.Fatalf("no error; rendered %d files", len(files))
			}
			msg, prefix := err.Error(), strings.ReplaceAll(c.prefix, "$DIR", dir)
			if !strings.HasPrefix(msg, prefix) {
				t.Errorf("error %q does not start with %q", msg, prefix)
			}
			var me *manifest.Error
			if errors.As(err, &me) != strings.HasPrefix(c.prefix, "$DIR/templates/") {
				t.Errorf("%T: a *manifest.Error only for template errors", err)
			}
			for _, h := range c.has {
				if !strings.Contains(msg, h) {
					t.Errorf("error %q does not hold %q", msg, h)
				}
			}
		})
	}
}

// A template that renders text the loader cannot read is no Helm error
// (helm template prints it); the loader's error maps to the template line.
func TestHelmLoadErrorMapsToTheTemplate(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"values.yaml":       "labels: \"a: b\\nc\"\n",
		"templates/cm.yaml": configMap + "  name: x\n  labels:\n    {{- .Values.labels | nindent 4 }}\ndata: {}\n",
	})
	files := mustHelm(t, dir, HelmOptions{})
	res := Load(files, manifest.Options{})
	if len(res.Errors) != 1 {
		t.Fatalf("want one load error, got %v", res.Errors)
	}
	m := Map{}
	m.Add(files)
	var e *manifest.Error
	if !errors.As(res.Errors[0], &e) {
		t.Fatalf("%T is no *manifest.Error", res.Errors[0])
	}
	got, _ := m.Resolve(e.File, e.Line)
	want := Pos{File: filepath.Join(dir, "templates", "cm.yaml"), Line: 6}
	if got != want {
		t.Errorf("%v maps to %v, want %v", e, got, want)
	}
}
