package render

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestHelmMapsEveryPassOfARangeToItsBody(t *testing.T) {
	files := mustHelm(t, blogChart, HelmOptions{})
	res := loadClean(t, files)
	m := Map{}
	m.Add(files)
	tpl := filepath.Join(blogChart, "templates", "destinationrules.yaml")
	n := 0
	for _, o := range res.Objects {
		if o.Kind != "DestinationRule" {
			continue
		}
		n++
		for field, text := range map[string]string{"name": "name: {{ $host }}", "mode": "mode: {{ $mode }}"} {
			path := []string{"metadata", "name"}
			if field == "mode" {
				path = []string{"spec", "trafficPolicy", "tls", "mode"}
			}
			got, _ := m.Resolve(o.File, o.FieldLine(path...))
			if want := (Pos{File: tpl, Line: lineWith(t, tpl, text)}); got != want {
				t.Errorf("%s %s: mapped to %v, want %v", o.Ref(), field, got, want)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d DestinationRules, want 3", n)
	}
}

func TestHelmNamesSubchartFilesByTheirPathOnDisk(t *testing.T) {
	ctrl := filepath.Join(blogChart, "charts", "ingress-nginx", "templates", "controller.yaml")
	files := mustHelm(t, "./"+blogChart+"/", HelmOptions{})
	res := loadClean(t, files)
	m := Map{}
	m.Add(files)
	found := false
	for _, o := range res.Objects {
		if o.Kind == "Deployment" && o.Name == "ingress-nginx-controller" {
			found = o.File == ctrl
			got, _ := m.Resolve(o.File, o.FieldLine("spec", "template", "spec", "containers", "0", "args", "1"))
			if want := (Pos{File: ctrl, Line: lineWith(t, ctrl, "--ingress-class={{")}); got != want {
				t.Errorf("--ingress-class mapped to %v, want %v", got, want)
			}
		}
	}
	if !found {
		t.Errorf("no controller Deployment in %s", ctrl)
	}
	for _, f := range mustHelm(t, blogChart, HelmOptions{Set: []string{"ingress-nginx.enabled=false"}}) {
		if f.Name == ctrl {
			t.Errorf("the subchart rendered although its condition is false")
		}
	}
}

func TestHelmRendersAliasedSubchartsUnderUniqueNames(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"Chart.yaml": "apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n" +
			"  - {name: sub, version: 0.1.0, alias: one}\n  - {name: sub, version: 0.1.0, alias: two}\n",
		"charts/sub-dir/Chart.yaml":        "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
		"charts/sub-dir/templates/cm.yaml": configMap + "  name: {{ .Chart.Name }}\n",
	})
	files := mustHelm(t, dir, HelmOptions{})
	tpl := filepath.Join(dir, "charts", "sub-dir", "templates", "cm.yaml")
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if f.Lines[3] != (Pos{File: tpl, Line: 4}) {
			t.Errorf("%s: name line mapped to %v, want %s:4", f.Name, f.Lines[3], tpl)
		}
	}
	want := []string{tpl, filepath.Join(dir, "charts", "two", "templates", "cm.yaml")}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("files %v, want %v", names, want)
	}
}

func TestHelmKeepsHooksAndSkipsWhatHelmTemplateSkips(t *testing.T) {
	dir := writeChart(t, map[string]string{
		"templates/hook.yaml":    configMap + "  name: hook\n  annotations:\n    helm.sh/hook: pre-install\n",
		"templates/NOTES.txt":    "Installed {{ .Release.Name }}.\n",
		"templates/_helpers.tpl": "{{- define \"c.x\" }}x{{ end }}\n",
		"templates/off.yaml":     "{{- if .Values.on }}\n" + configMap + "  name: off\n{{- end }}\n",
		"templates/blank.yaml":   "# only a comment\n---\n   \n",
	})
	var names []string
	for _, f := range mustHelm(t, dir, HelmOptions{}) {
		names = append(names, filepath.Base(f.Name))
	}
	if fmt.Sprint(names) != "[hook.yaml]" {
		t.Errorf("files %v, want [hook.yaml]", names)
	}
}

func TestHelmMapsLinesReadWithFilesToTheFile(t *testing.T) {
	conf := map[string]string{
		"files/a.conf": "server {\n    listen 80;\n    proxy_pass http://a;\n}\n",
		"files/b.conf": "server {\n    listen 81;\n    proxy_pass http://b;\n}\n",
	}
	cases := []struct{ name, data string }{
		{"Glob and AsConfig", `{{- (.Files.Glob "files/*.conf").AsConfig | nindent 2 }}`},
		{"Get with a computed name", "a.conf: |\n    {{- .Files.Get (printf \"files/%s.conf\" \"a\") | nindent 4 }}\n  b.conf: |\n    {{- .Files.Get (printf \"files/%s.conf\" \"b\") | nindent 4 }}"},
		{"Get in a named template", "a.conf: |\n    {{- include \"c.a\" . | nindent 4 }}\n  b.conf: |\n    {{- .Files.Get \"files/b.conf\" | indent 4 | trim | printf \"    %s\" }}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{
				"templates/_helpers.tpl": "{{- define \"c.a\" -}}\n{{ .Files.Get \"files/a.conf\" }}\n{{- end }}\n",
				"templates/cm.yaml":      configMap + "  name: confs\ndata:\n  " + c.data + "\n",
			}
			for k, v := range conf {
				files[k] = v
			}
			dir := writeChart(t, files)
			f := mustHelm(t, dir, HelmOptions{})[0]
			for i, l := range strings.Split(string(f.Data), "\n") {
				for _, name := range []string{"a", "b"} {
					if strings.TrimSpace(l) == "proxy_pass http://"+name+";" {
						want := Pos{File: filepath.Join(dir, "files", name+".conf"), Line: 3}
						if f.Lines[i] != want {
							t.Errorf("%q mapped to %v, want %v\n%s", l, f.Lines[i], want, f.Data)
						}
					}
				}
			}
		})
	}
}

// Templates of thousands of lines map quickly: unique lines anchor the
// alignment, so no table grows with the square of the size.
func TestHelmMapsLargeTemplates(t *testing.T) {
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\n  namespace: {{ .Release.Namespace }}\ndata:\n  k: v\n", i)
	}
	loop := "{{- range $i := until 3000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: loop-{{ $i }}\ndata:\n  k: v\n{{- end }}\n"
	dir := writeChart(t, map[string]string{"templates/big.yaml": b.String(), "templates/loop.yaml": loop})
	start := time.Now()
	files := mustHelm(t, dir, HelmOptions{})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
	checked := 0
	for _, f := range files {
		for i, l := range strings.Split(string(f.Data), "\n") {
			want := -1
			switch {
			case l == "  name: cm-2999":
				want = 2999*8 + 5
			case l == "  name: loop-2999":
				want = 6
			case l == "  namespace: default" && f.Lines[i].Line%8 != 6:
				want = 6 // some line 8k+6
			}
			if want >= 0 {
				checked++
				if f.Lines[i] != (Pos{File: f.Name, Line: want}) {
					t.Errorf("line %d %q mapped to %v, want line %d", i+1, l, f.Lines[i], want)
				}
			}
		}
	}
	if checked != 2 {
		t.Errorf("%d lines checked, want 2", checked)
	}
}

func TestHelmMapsAroundTrimMarkersCommentsAndQuotedBraces(t *testing.T) {
	tpl := configMap +
		"  name: {{- \" x\" -}}\n" + // 4: joined with the comment below
		"  {{/* a comment\n" +
		"  over two lines */}}\n" +
		"  labels:\n" + // 7
		"    {{- if true }}\n" +
		"    a: {{ \"}}\" | quote }}\n" + // 9
		"    {{- end }}\n" +
		"data: {}\n" // 11
	dir := writeChart(t, map[string]string{"templates/cm.yaml": tpl})
	f := mustHelm(t, dir, HelmOptions{})[0]
	var got []int
	for _, p := range f.Lines {
		got = append(got, p.Line)
	}
	if want := "[1 2 3 4 7 9 11]"; fmt.Sprint(got) != want {
		t.Errorf("lines map to %v, want %s\n%s", got, want, f.Data)
	}
}

// Any template text against any rendered text gives one position per
// rendered line, on the template, and never panics.
func FuzzHelmLineMap(f *testing.F) {
	f.Add("a: {{ .x }}\n{{- range .y }}\n- {{ . }}\n{{- end }}\n", "a: 1\n- 2\n- 3\n")
	f.Add("{{/* c\n*/}}{{- if .a -}}\n  b: {{ \"}}\" }}\n{{ end -}}", "b: }}\n")
	f.Add("x: |\n  {{- .Files.Get \"f\" | nindent 2 }}\n", "x: |\n  server {\n  }\n")
	f.Fuzz(func(t *testing.T, tpl, out string) {
		mp := &lineMapper{t: parseTemplate(tpl, false), path: "t.yaml", defines: map[string]string{},
			files: []*chartFile{{name: "f", path: "f", data: tpl}}}
		pos := mp.lines(out)
		if len(pos) != len(renderedLines(out)) {
			t.Fatalf("%d positions for %d lines", len(pos), len(renderedLines(out)))
		}
		for _, p := range pos {
			if p.File != "t.yaml" && p.File != "f" || p.Line < 0 || p.Line > len(mp.t.lines) && p.File == "t.yaml" {
				t.Fatalf("position %v", p)
			}
		}
	})
}
