package webhook

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/finding"
)

// The four metrics move with the requests, under their documented names.
func TestMetricsMove(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	eng := &fakeEngine{
		validate: func(admission.Request) (admission.Verdict, error) {
			return admission.Verdict{Message: "ML201 ...", Errors: []string{"ML201"}, Warnings: []string{"ML104: ..."},
				Findings: []finding.Finding{{Rule: "ML201", Severity: finding.Error}, {Rule: "ML104", Severity: finding.Warning}}}, nil
		},
		mutate: func(admission.Request) (admission.Mutation, error) {
			return admission.Mutation{Mutated: mustJSON(t, configMap(map[string]any{"a": "b"})), Changes: []string{"MM01: ..."}, Mutators: []string{"MM01"}}, nil
		},
	}
	h := &Handlers{Engine: eng, State: newFakeStore(), Ready: func() bool { return true }, Metrics: m, Mutate: true}
	rv := review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: nginxHostHeader}
	for range 2 {
		post(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), rv.json(t))
	}
	post(t, h.serve(routeOf(t, h, webhookMutate), DefaultMaxBodyBytes), rv.json(t))

	want := `
# HELP meshlint_admission_requests_total Admission requests by webhook, object kind, operation and decision.
# TYPE meshlint_admission_requests_total counter
meshlint_admission_requests_total{decision="denied",kind="ConfigMap",operation="CREATE",webhook="validate"} 2
meshlint_admission_requests_total{decision="mutated",kind="ConfigMap",operation="CREATE",webhook="mutate"} 1
# HELP meshlint_findings_total New findings that admission requests would introduce, by rule and severity.
# TYPE meshlint_findings_total counter
meshlint_findings_total{rule="ML104",severity="warning"} 2
meshlint_findings_total{rule="ML201",severity="error"} 2
# HELP meshlint_mutations_total Mutations applied by the mutating webhook, by mutation ID.
# TYPE meshlint_mutations_total counter
meshlint_mutations_total{mutation="MM01"} 1
`
	if err := testutil.GatherAndCompare(reg, strings.NewReader(want),
		"meshlint_admission_requests_total", "meshlint_findings_total", "meshlint_mutations_total"); err != nil {
		t.Error(err)
	}
	counts := map[string]uint64{}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "meshlint_admission_duration_seconds" {
			continue
		}
		for _, s := range mf.GetMetric() {
			counts[s.GetLabel()[0].GetValue()] = s.GetHistogram().GetSampleCount()
		}
	}
	if counts[webhookValidate] != 2 || counts[webhookMutate] != 1 {
		t.Errorf("meshlint_admission_duration_seconds counts %v, want validate 2, mutate 1", counts)
	}
}

// Registering twice on one registry is an error, not a panic.
func TestMetricsRegisterOnce(t *testing.T) {
	reg := prometheus.NewRegistry()
	if _, err := NewMetrics(reg); err != nil {
		t.Fatal(err)
	}
	if _, err := NewMetrics(reg); err == nil {
		t.Error("second registration succeeded")
	}
}
