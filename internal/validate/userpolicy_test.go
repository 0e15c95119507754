package validate

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

func lintWith(t *testing.T, cfg *config.Config, dirs []string, path string) *Result {
	t.Helper()
	v, err := New(cfg, dirs)
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Load([]string{path}, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	out, err := v.Lint(res.Objects)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestUserPoliciesReadTheSameFactsAndReportTheSameShape(t *testing.T) {
	out := lintWith(t, config.Default(), []string{"../../testdata/policies/team"}, "../../testdata/field-report/host/stack.yaml")
	var team []finding.Finding
	for _, f := range out.Findings {
		if f.Rule == "TEAM001" {
			team = append(team, f)
		}
	}
	if len(team) != 1 {
		t.Fatalf("want one TEAM001 finding (web -> was through PassthroughCluster), got %+v", team)
	}
	f := team[0]
	if f.Severity != finding.Warning || f.Name != "no-plaintext-hops" || f.Object.Kind != "ConfigMap" || f.Line != 66 ||
		!strings.HasSuffix(f.File, "host/stack.yaml") || !strings.Contains(f.Message, "denied") {
		t.Errorf("finding not completed like a built-in one: %+v", f)
	}
}

func TestUserPolicyErrorsNameTheFile(t *testing.T) {
	_, err := New(config.Default(), []string{"../../testdata/policies/missing"})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("want an error naming the directory, got %v", err)
	}
}
