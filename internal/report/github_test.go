package report

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// escapeData and escapeProperty of the Actions toolkit
// (packages/core/src/command.ts): % first, then CR and LF; properties also
// : and , which would end the property list.
func TestGitHubEscapesAsTheActionsToolkit(t *testing.T) {
	cases := []struct{ in, data, property string }{
		{"plain", "plain", "plain"},
		{"percent %25 stays", "percent %2525 stays", "percent %2525 stays"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"key: a, b", "key: a, b", "key%3A a%2C b"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
	}
	for _, c := range cases {
		if got := escapeData(c.in); got != c.data {
			t.Errorf("escapeData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := escapeProperty(c.in); got != c.property {
			t.Errorf("escapeProperty(%q) = %q, want %q", c.in, got, c.property)
		}
	}
}

func TestGitHubOneLinePerFinding(t *testing.T) {
	r := &Report{Objects: 1, Findings: []finding.Finding{{
		Rule: "ML201", Name: "host-header-passthrough", Severity: finding.Error,
		Object: manifest.Ref{Kind: "ConfigMap", Namespace: "ns", Name: "cm"},
		File:   "dir,x/a:b%.yaml", Line: 14,
		Message: "100% of requests\nleave the mesh", Remediation: "set:\n  proxy_set_header Host was;",
	}}}
	want := "::error file=dir%2Cx/a%3Ab%25.yaml,line=14,title=ML201 host-header-passthrough::" +
		"100%25 of requests%0Aleave the mesh. Fix: set:%0A  proxy_set_header Host was;\n" +
		"1 error, 0 warnings, 0 info in 1 object\n"
	if got := string(render(t, "github", r)); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestGitHubLocatesByObjectWithoutALine(t *testing.T) {
	out := string(render(t, "github", cluster()))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "::error title=input error::list security.istio.io/v1") {
		t.Errorf("input error line = %q", lines[0])
	}
	if want := "::warning title=ACME001 team-label-required::Namespace/blog-system: namespace has no label"; !strings.HasPrefix(lines[1], want) {
		t.Errorf("cluster finding = %q, want prefix %q", lines[1], want)
	}
	if strings.Contains(out, "file=") || strings.Contains(out, "line=") {
		t.Errorf("file= or line= without a file:\n%s", out)
	}
	sample := string(render(t, "github", sample()))
	if want := "::warning file=manifests/mesh.yaml,title=ML106 peer-authentication-ignored::PeerAuthentication/istio-system/web-strict: "; !strings.Contains(sample, want) {
		t.Errorf("a finding without a line lacks %q:\n%s", want, sample)
	}
	if !strings.Contains(sample, "::notice file=manifests/web.yaml,line=40,") {
		t.Errorf("info is not a notice:\n%s", sample)
	}
}
