package admission

import (
	"slices"
	"testing"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

func TestNewFindings(t *testing.T) {
	cm := manifest.Ref{Kind: "ConfigMap", Namespace: "a", Name: "nginx"}
	ap := manifest.Ref{Kind: "AuthorizationPolicy", Namespace: "a", Name: "allow"}
	f := func(rule string, o manifest.Ref, sev finding.Severity, msg string) finding.Finding {
		return finding.Finding{Rule: rule, Object: o, Severity: sev, Message: msg}
	}
	cases := []struct {
		sentence      string
		before, after []finding.Finding
		want          []string // messages
	}{
		{"a finding in both is not new",
			[]finding.Finding{f("ML201", cm, finding.Error, "x")}, []finding.Finding{f("ML201", cm, finding.Error, "x")}, nil},
		{"a finding only after is new",
			nil, []finding.Finding{f("ML201", cm, finding.Error, "x")}, []string{"x"}},
		{"a finding reworded by another object's change is not new",
			[]finding.Finding{f("ML201", cm, finding.Error, "Host $host")}, []finding.Finding{f("ML201", cm, finding.Error, "Host $host (blog.example)")}, nil},
		{"a second finding of the rule on the object is new",
			[]finding.Finding{f("ML201", cm, finding.Error, "location /a")},
			[]finding.Finding{f("ML201", cm, finding.Error, "location /a"), f("ML201", cm, finding.Error, "location /b")}, []string{"location /b"}},
		{"a finding that became an error is new",
			[]finding.Finding{f("ML201", cm, finding.Info, "sniffed")}, []finding.Finding{f("ML201", cm, finding.Error, "sniffed")}, []string{"sniffed"}},
		{"the same rule on another object is new",
			[]finding.Finding{f("ML401", ap, finding.Error, "x")}, []finding.Finding{f("ML401", ap, finding.Error, "x"), f("ML401", cm, finding.Error, "x")}, []string{"x"}},
		{"a finding gone is no finding",
			[]finding.Finding{f("ML201", cm, finding.Error, "x")}, nil, nil},
	}
	for _, tc := range cases {
		var got []string
		for _, n := range newFindings(tc.before, tc.after) {
			got = append(got, n.Message)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: new %q, want %q", tc.sentence, got, tc.want)
		}
	}
}
