package chart

import (
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

// The admission values become the webhook's flags; numbers stay integers
// (a YAML number is a float64 to Helm: 268435456 must not render as
// 2.68435456e+08); maxEvaluations 0 leaves the webhook's own default.
func TestTheAdmissionLimitsBecomeFlags(t *testing.T) {
	for _, tc := range []struct {
		values       string
		want, absent []string
	}{
		{"", []string{"--deadline-margin=500ms", "--deadline-answer=failure-policy", "--max-connections=1000",
			"--max-scope-objects=250000", "--max-scope-configmap-bytes=268435456"}, []string{"--max-evaluations"}},
		{"admission: {deadlineMargin: 1s, deadlineAnswer: deny, maxEvaluations: 3, maxConnections: 50, maxScopeObjects: 0, maxScopeConfigMapBytes: 1073741824}",
			[]string{"--deadline-margin=1s", "--deadline-answer=deny", "--max-evaluations=3", "--max-connections=50",
				"--max-scope-objects=0", "--max-scope-configmap-bytes=1073741824"}, nil},
	} {
		var d appsv1.Deployment
		mustRender(t, tc.values).one(t, "Deployment", &d)
		args := d.Spec.Template.Spec.Containers[0].Args
		for _, w := range tc.want {
			if !slices.Contains(args, w) {
				t.Errorf("values %q: no %s in %q", tc.values, w, args)
			}
		}
		for _, a := range tc.absent {
			if slices.ContainsFunc(args, func(s string) bool { return strings.HasPrefix(s, a) }) {
				t.Errorf("values %q: %s in %q", tc.values, a, args)
			}
		}
	}
}

func TestBadAdmissionLimitsAreRefused(t *testing.T) {
	for _, values := range []string{
		"admission: {deadlineAnswer: maybe}",
		"admission: {deadlineMargin: soon}",
		"admission: {maxConnections: 0}",
		"admission: {maxEvaluations: -1}",
	} {
		if _, err := render(t, values); err == nil || !strings.Contains(err.Error(), "admission") {
			t.Errorf("values %q: error %v, want one naming admission", values, err)
		}
	}
}
