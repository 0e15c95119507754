package validate

import (
	"strconv"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/mesh"
)

// The field report (testdata/field-report): its final stack lints clean,
// and each of its two traps is found with the report's own diagnosis and fix.

func TestFieldReportFinalStackHasNoError(t *testing.T) {
	out := lintWith(t, config.Default(), nil, "../../testdata/field-report/final")
	for _, f := range out.Findings {
		if f.Severity >= finding.Warning {
			t.Errorf("%s %s on %s: %s", f.Severity, f.Rule, f.Object, f.Message)
		}
	}
	want := map[string]string{
		"IngressController->web-service:80": mesh.OutPlaintext,
		"Deployment/web->was-service:8080":  mesh.OutMTLS,
		"Deployment/was->mysql:3306":        mesh.OutPlaintext,
	}
	for _, h := range out.Model.Hops {
		key := h.Source.Ref.Kind + "/" + h.Source.Ref.Name + "->" + h.Target.Name + ":" + itoa(h.Port.Port)
		if h.Kind == "ingress" {
			key = "IngressController->" + h.Target.Name + ":" + itoa(h.Port.Port)
		}
		if want[key] != h.Outcome {
			t.Errorf("hop %s: outcome %s (%s), want %s", key, h.Outcome, h.Why, want[key])
		}
		delete(want, key)
	}
	for k := range want {
		t.Errorf("hop %s not found", k)
	}
}

func TestFieldReportStrictTrapIs502(t *testing.T) {
	f := only(t, lintWith(t, config.Default(), nil, "../../testdata/field-report/strict"), "ML101")
	if f.Object.String() != "PeerAuthentication/blog-system/default" || f.Severity != finding.Error {
		t.Errorf("reported on %s (%s)", f.Object, f.Severity)
	}
	for _, s := range []string{"502", "outside the mesh"} {
		if !strings.Contains(f.Message, s) {
			t.Errorf("message does not name %q: %s", s, f.Message)
		}
	}
	for _, s := range []string{"PERMISSIVE", "ISTIO_MUTUAL"} {
		if !strings.Contains(f.Remediation, s) {
			t.Errorf("remediation is not the report's fix (namespace PERMISSIVE + ISTIO_MUTUAL DestinationRules), lacks %q: %s", s, f.Remediation)
		}
	}
}

func TestFieldReportHostTrapIsPassthrough(t *testing.T) {
	f := only(t, lintWith(t, config.Default(), nil, "../../testdata/field-report/host"), "ML201")
	if f.Object.String() != "ConfigMap/blog-system/web-nginx-config" || f.Line != 67 || f.Severity != finding.Error {
		t.Errorf("reported on %s line %d (%s), want the proxy_set_header line 67", f.Object, f.Line, f.Severity)
	}
	if !strings.Contains(f.Message, "PassthroughCluster") || !strings.Contains(f.Message, "$host") {
		t.Errorf("message does not name PassthroughCluster and $host: %s", f.Message)
	}
	if !strings.Contains(f.Remediation, "proxy_set_header Host was-service;") {
		t.Errorf("remediation is not the report's fix: %s", f.Remediation)
	}
}

func only(t *testing.T, out *Result, rule string) finding.Finding {
	t.Helper()
	var got []finding.Finding
	for _, f := range out.Findings {
		if f.Rule == rule {
			got = append(got, f)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want one %s finding, got %d: %+v", rule, len(got), got)
	}
	return got[0]
}

func itoa(n int) string { return strconv.Itoa(n) }
