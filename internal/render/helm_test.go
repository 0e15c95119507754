package render

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/srcline"
	"github.com/meshlint/meshlint/internal/validate"
)

const (
	webhookChart = "../../charts/webhook"
	blogChart    = "testdata/helm/blog"
)

func TestHelmRendersTheWebhookChart(t *testing.T) {
	cases := []struct {
		name string
		opts HelmOptions
		// spot checks: object kind, field path, and the text of the
		// template line the field's line must map to
		checks []fieldCheck
	}{
		{
			name: "with its default values",
			checks: []fieldCheck{
				{"Deployment", []string{"spec", "replicas"}, "templates/deployment.yaml", "replicas: {{ .Values.replicaCount }}"},
				{"Deployment", []string{"spec", "template", "spec", "containers", "0", "name"}, "templates/deployment.yaml", "^        - name: webhook"},
				{"Deployment", []string{"spec", "template", "spec", "containers", "0", "image"}, "templates/deployment.yaml", "image: \"{{ .Values.image.repository }}:"},
				{"Deployment", []string{"spec", "template", "spec", "containers", "0", "resources", "limits", "memory"}, "templates/deployment.yaml", "toYaml .Values.resources | nindent 12"},
				{"Deployment", []string{"metadata", "labels", "helm.sh/chart"}, "templates/deployment.yaml", `include "webhook.labels" . | nindent 4`},
				{"Service", []string{"spec", "ports", "0", "port"}, "templates/service.yaml", "port: {{ .Values.service.port }}"},
				{"ValidatingWebhookConfiguration", []string{"webhooks", "0", "clientConfig", "service", "path"}, "templates/validatingwebhookconfiguration.yaml", `include "webhook.clientConfig"`},
			},
		},
		{
			name: "with --set, --set-string and a release name and namespace",
			opts: HelmOptions{Set: []string{"replicaCount=3,logLevel=debug"}, SetString: []string{"image.tag=1.2.3"},
				ReleaseName: "meshlint", Namespace: "meshlint-system"},
			checks: []fieldCheck{
				{"Deployment", []string{"spec", "replicas"}, "templates/deployment.yaml", "replicas: {{ .Values.replicaCount }}"},
				{"Deployment", []string{"spec", "template", "spec", "containers", "0", "args", "5"}, "templates/deployment.yaml", "- --shutdown-timeout={{ .Values.shutdownTimeout }}"},
				{"Deployment", []string{"spec", "template", "spec", "containers", "0", "args", "6"}, "templates/deployment.yaml", "- --deadline-margin={{ .Values.admission.deadlineMargin }}"},
				{"Deployment", []string{"spec", "template", "spec", "containers", "0", "args", "11"}, "templates/deployment.yaml", "- --zap-log-level={{ .Values.logLevel }}"},
			},
		},
		{
			name: "with a values file that adds the ConfigMap and the ServiceMonitor, and --api-versions",
			opts: HelmOptions{ValueFiles: []string{"testdata/helm/values/webhook.yaml"}, APIVersions: []string{"monitoring.coreos.com/v1"}},
			checks: []fieldCheck{
				{"ConfigMap", []string{"data", ".meshlint.yaml"}, "templates/configmap.yaml", ".meshlint.yaml: |"},
				{"ServiceMonitor", []string{"spec", "endpoints", "0", "port"}, "templates/servicemonitor.yaml", "- port: metrics"},
				{"Deployment", []string{"spec", "template", "metadata", "annotations", "checksum/config"}, "templates/deployment.yaml", "checksum/config: {{ include"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := mustHelm(t, webhookChart, c.opts)
			res := loadClean(t, files)
			m := Map{}
			m.Add(files)
			for _, f := range files {
				if len(f.Lines) != strings.Count(strings.TrimSuffix(string(f.Data), "\n"), "\n")+1 {
					t.Errorf("%s: %d line positions for %q", f.Name, len(f.Lines), f.Data)
				}
				if !strings.HasPrefix(f.Name, filepath.Join(webhookChart, "templates")+string(filepath.Separator)) {
					t.Errorf("file named %s, want a template path under %s", f.Name, webhookChart)
				}
			}
			for _, ch := range c.checks {
				ch.check(t, res.Objects, m, webhookChart)
			}
		})
	}
}

// fieldCheck says that the line of a field of the only object of a kind
// maps to the line of template file that contains text.
type fieldCheck struct {
	kind       string
	path       []string
	file, text string
}

func (c fieldCheck) check(t *testing.T, objs []*manifest.Object, m Map, chart string) {
	t.Helper()
	var obj *manifest.Object
	for _, o := range objs {
		if o.Kind == c.kind {
			obj = o
		}
	}
	if obj == nil {
		t.Errorf("no %s rendered", c.kind)
		return
	}
	got, _ := m.Resolve(obj.File, obj.FieldLine(c.path...))
	want := Pos{File: filepath.Join(chart, c.file), Line: lineWith(t, filepath.Join(chart, c.file), c.text)}
	if got != want {
		t.Errorf("%s %s: mapped to %s:%d, want %s:%d (%q)", c.kind, strings.Join(c.path, "."), got.File, got.Line, want.File, want.Line, c.text)
	}
}

func TestHelmLintsTheFieldReportChartAtTheSourceLines(t *testing.T) {
	// A finding at (rule, file of the chart, line holding text).
	type at struct{ rule, file, text string }
	ns := "blog-system"
	// The request that Host $host sends through PassthroughCluster has no
	// peer identity: was-allow-web answers 403 (the field report: "with
	// was-allow-web, this identity-less request would get 403").
	denied := at{"ML401", "templates/authorizationpolicy-was.yaml", "apiVersion:"}
	cases := []struct {
		name string
		opts HelmOptions
		want []at // every warning and error, in any order
	}{
		{name: "the final stack (default values) has no error", opts: HelmOptions{Namespace: ns}},
		{name: "strict=true fires ML101 at the mode line of the PeerAuthentication template",
			opts: HelmOptions{Namespace: ns, Set: []string{"strict=true"}},
			want: []at{{"ML101", "templates/peerauthentication.yaml", "mode: {{ if .Values.strict }}"}}},
		{name: "Host $host in files/nginx.conf (read with .Files.Get, through tpl) fires ML201 at its line in the file",
			opts: HelmOptions{Namespace: ns, Set: []string{"web.hostHeader=$host"}},
			want: []at{{"ML201", "files/nginx.conf", "proxy_set_header Host {{ .Values.web.hostHeader }};"}, denied}},
		{name: "the field report's own nginx config, files/host.conf read as it is, fires ML201 at its line in the file",
			opts: HelmOptions{Namespace: ns, Set: []string{"web.config=static"}},
			want: []at{{"ML201", "files/host.conf", "proxy_set_header Host $host;"}, denied}},
		{name: "the config written inline in the template fires ML201 at the template line",
			opts: HelmOptions{Namespace: ns, Set: []string{"web.config=inline", "web.hostHeader=$host"}},
			want: []at{{"ML201", "templates/web-config.yaml", "proxy_set_header Host {{ .Values.web.hostHeader }};"}, denied}},
		{name: "a values file with both traps fires both",
			opts: HelmOptions{Namespace: ns, ValueFiles: []string{"testdata/helm/values/blog-traps.yaml"}},
			want: []at{
				{"ML101", "templates/peerauthentication.yaml", "mode: {{ if .Values.strict }}"},
				{"ML201", "files/nginx.conf", "proxy_set_header Host {{ .Values.web.hostHeader }};"},
			}},
		{name: "--set after the values file wins: the traps switched off again have no error",
			opts: HelmOptions{Namespace: ns, ValueFiles: []string{"testdata/helm/values/blog-traps.yaml"}, Set: []string{"strict=false,web.hostHeader=was-service"}}},
	}
	v, err := validate.New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := mustHelm(t, blogChart, c.opts)
			out, err := v.Lint(loadClean(t, files).Objects)
			if err != nil {
				t.Fatal(err)
			}
			m := Map{}
			m.Add(files)
			want := map[at]bool{}
			for _, w := range c.want {
				want[at{w.rule, filepath.Join(blogChart, w.file), w.text}] = true
			}
			for _, f := range out.Findings {
				if f.Severity < finding.Warning {
					continue
				}
				p, ok := m.Resolve(f.File, f.Line)
				found := false
				for w := range want {
					if ok && w.rule == f.Rule && p == (Pos{File: w.file, Line: lineWith(t, w.file, w.text)}) {
						delete(want, w)
						found = true
					}
				}
				if !found {
					t.Errorf("unexpected %s on %s at %s:%d (rendered %s:%d): %s", f.Rule, f.Object, p.File, p.Line, f.File, f.Line, f.Message)
				}
			}
			for w := range want {
				t.Errorf("no %s at the line of %s holding %q", w.rule, w.file, w.text)
			}
		})
	}
}

func mustHelm(t *testing.T, dir string, opts HelmOptions) []File {
	t.Helper()
	files, err := Helm(dir, opts)
	if err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	if len(files) == 0 {
		t.Fatalf("render %s: no files", dir)
	}
	return files
}

// loadClean loads rendered files, failing on any load error.
func loadClean(t *testing.T, files []File) *manifest.Result {
	t.Helper()
	res := Load(files, manifest.Options{})
	for _, err := range res.Errors {
		t.Errorf("load: %v", err)
	}
	for i, o := range res.Objects {
		if o.Index != i {
			t.Fatalf("object %d (%s) has Index %d", i, o.Ref(), o.Index)
		}
	}
	return res
}

// lineWith is the line of file holding text, or starting with it when it
// starts with "^"; exactly one must.
func lineWith(t *testing.T, file, text string) int {
	t.Helper()
	return srcline.Of(t, file, text, 0)
}

func TestIsChart(t *testing.T) {
	for dir, want := range map[string]bool{
		webhookChart:               true,
		blogChart:                  true,
		"testdata/helm":            false,
		"testdata/helm/nope":       false,
		blogChart + "/values.yaml": false,
		blogChart + "/templates":   false,
	} {
		if got := IsChart(dir); got != want {
			t.Errorf("IsChart(%s) = %v, want %v", dir, got, want)
		}
	}
}
