package config

import (
	"testing"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

func TestSeverityOverrides(t *testing.T) {
	c := Default()
	c.Rules = map[string]RuleConfig{"ML104": {Severity: "error"}, "ML302": {Mode: ModeOff}, "ML201": {Mode: ModeOn}}
	cases := []struct {
		rule string
		def  finding.Severity
		want finding.Severity
		on   bool
	}{
		{"ML104", finding.Info, finding.Error, true},
		{"ML302", finding.Info, finding.Info, false},
		{"ML201", finding.Error, finding.Error, true},
		{"ML101", finding.Error, finding.Error, true},
	}
	for _, tc := range cases {
		if got, on := c.Severity(tc.rule, tc.def); got != tc.want || on != tc.on {
			t.Errorf("%s: %s %v, want %s %v", tc.rule, got, on, tc.want, tc.on)
		}
	}
}

func TestIgnoreMatching(t *testing.T) {
	f := &finding.Finding{Rule: "ML201", File: "./manifests/legacy/web.yaml",
		Object: manifest.Ref{Kind: "ConfigMap", Namespace: "legacy-blog", Name: "web-nginx"}}
	cases := []struct {
		sentence string
		ig       Ignore
		want     bool
	}{
		{"rule and namespace glob", Ignore{Rule: "ML201", Namespace: "legacy-*"}, true},
		{"any rule", Ignore{Rule: "*", Name: "web-nginx"}, true},
		{"another rule", Ignore{Rule: "ML101"}, false},
		{"another kind", Ignore{Kind: "Ingress"}, false},
		{"a double-star file glob", Ignore{File: "manifests/**/*.yaml"}, true},
		{"a double-star at the start", Ignore{File: "**/web.yaml"}, true},
		{"a single star does not span directories", Ignore{File: "manifests/*.yaml"}, false},
		{"an exact file", Ignore{File: "manifests/legacy/web.yaml"}, true},
	}
	for _, tc := range cases {
		if got := tc.ig.Matches(f); got != tc.want {
			t.Errorf("%s: Matches = %v", tc.sentence, got)
		}
	}
	c := Default()
	c.Ignores = []Ignore{{Rule: "ML101", Reason: "a"}, {Kind: "ConfigMap", Reason: "b"}}
	if ig, ok := c.Ignored(f); !ok || ig.Reason != "b" {
		t.Errorf("Ignored = %+v %v", ig, ok)
	}
}
