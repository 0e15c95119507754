package finding

import (
	"slices"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Added read both ways is what `meshlint diff` reports: added, and fixed
// (Added(after, before)). The webhook's cases are in
// internal/admission/verdict_test.go.
func TestAddedBothWays(t *testing.T) {
	cm := manifest.Ref{Kind: "ConfigMap", Namespace: "a", Name: "nginx"}
	f := func(sev Severity, msg string) Finding {
		return Finding{Rule: "ML201", Object: cm, Severity: sev, Message: msg}
	}
	cases := []struct {
		sentence             string
		before, after        []Finding
		wantAdded, wantFixed []string
	}{
		{"a finding removed is fixed", []Finding{f(Error, "x")}, nil, nil, []string{"error x"}},
		{"an error that becomes info is fixed, and the info added",
			[]Finding{f(Error, "x")}, []Finding{f(Info, "x")}, []string{"info x"}, []string{"error x"}},
		{"a rewording is neither", []Finding{f(Error, "x")}, []Finding{f(Error, "y")}, nil, nil},
	}
	words := func(fs []Finding) []string {
		var out []string
		for _, x := range fs {
			out = append(out, x.Severity.String()+" "+x.Message)
		}
		return out
	}
	for _, tc := range cases {
		if got := words(Added(tc.before, tc.after)); !slices.Equal(got, tc.wantAdded) {
			t.Errorf("%s: added %q, want %q", tc.sentence, got, tc.wantAdded)
		}
		if got := words(Added(tc.after, tc.before)); !slices.Equal(got, tc.wantFixed) {
			t.Errorf("%s: fixed %q, want %q", tc.sentence, got, tc.wantFixed)
		}
	}
}
