package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runawayChart is a chart with a good template and one that does not
// end: loop is its body (between a ConfigMap's header and its end).
func runawayChart(t *testing.T, loop string) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"runaway/Chart.yaml":             "apiVersion: v2\nname: runaway\nversion: 0.1.0\n",
		"runaway/templates/a-good.yaml":  "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n",
		"runaway/templates/_helpers.tpl": "{{- define \"runaway.name\" -}}runaway{{- end -}}\n",
		"runaway/templates/loop.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include \"runaway.name\" . }}\ndata:\n" +
			loop,
	})
	return dir
}

// A template that loops without output (10^10 iterations) had no time
// bound: the run stops at --render-timeout with an input error naming the
// chart and the template, answered before the deadline plus a margin (one
// run of the chart, then one of each template alone to find it).
func TestHelmRenderingStopsAtTheTimeBound(t *testing.T) {
	t.Parallel()
	dir := runawayChart(t, "{{- range until 100000 }}{{- range until 100000 }}{{- end }}{{- end }}\n")
	start := time.Now()
	r := meshlint(t, dir, "", "lint", "--render-timeout", "2s", "runaway")
	r.expect(t, exitUsage, "1 input error",
		filepath.Join("runaway", "templates", "loop.yaml")+": chart runaway: rendering this template did not finish within 2s (--render-timeout): it loops or recurses without end")
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("the run took %v with --render-timeout 2s", took)
	}
}

// A template whose output grows without end (6.2 GB in 60 s) stops at
// the output bound, long before the time bound, with an input error
// naming the chart and the template.
func TestHelmRenderingStopsAtTheOutputBound(t *testing.T) {
	t.Parallel()
	dir := runawayChart(t, "{{- range until 100000 }}{{- range until 100000 }}\n  k{{ . }}: v{{- end }}{{- end }}\n")
	start := time.Now()
	r := meshlint(t, dir, "", "lint", "--render-timeout", "10m", "runaway")
	r.expect(t, exitUsage, "1 input error",
		filepath.Join("runaway", "templates", "loop.yaml")+": chart runaway: rendering this template produced more than 64 MiB: it loops or recurses without end")
	if took := time.Since(start); took > 5*time.Minute {
		t.Errorf("the run took %v: the time bound stopped it, not the output bound", took)
	}
}

// A template that includes itself fails after Helm's 1,000 levels with a
// 95 KB one-line error: the chain is kept readable (first step, the
// repeated step once with its count, the cause) and short.
func TestHelmRecursiveIncludeErrorIsShort(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"rec/Chart.yaml":             "apiVersion: v2\nname: rec\nversion: 0.1.0\n",
		"rec/templates/_helpers.tpl": "{{- define \"rec.a\" -}}\n{{ include \"rec.a\" . }}\n{{- end -}}\n",
		"rec/templates/cm.yaml":      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ include \"rec.a\" . | quote }}\n",
	})
	r := meshlint(t, dir, "", "lint", "rec")
	r.expect(t, exitUsage, "1 input error", filepath.Join("rec", "templates", "cm.yaml")+":6: template: rec/templates/cm.yaml:6:8: executing")
	for _, want := range []string{
		`error calling include: template: rec/templates/_helpers.tpl:2:3: executing "rec.a" at <include "rec.a" .> [the same include 1001 times in a row]`,
		"rendering template has a nested reference name: rec.a",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if len(r.stderr) > 1000 {
		t.Errorf("the error is %d bytes long", len(r.stderr))
	}
}
