package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/rulesuite"
)

type (
	suite  = rulesuite.Suite
	tcase  = rulesuite.Case
	expect = rulesuite.Expect
)

const rulesDir = "../../testdata/rules"

func loadSuite(t *testing.T, id string) suite {
	t.Helper()
	s, err := rulesuite.Load(filepath.Join(rulesDir, id, "suite.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Rule != id {
		t.Fatalf("%s/suite.yaml: rule %q, want %q", id, s.Rule, id)
	}
	return s
}

func runCase(t *testing.T, id string, s suite, c tcase) {
	cfg, err := s.CaseConfig(c, t.TempDir())
	if err != nil {
		t.Fatalf("case config: %v", err)
	}
	v, err := New(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := manifest.Load([]string{filepath.Join(rulesDir, id, c.File)}, manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("load: %v", res.Errors)
	}
	out, err := v.Lint(res.Objects)
	if err != nil {
		t.Fatal(err)
	}
	var got []finding.Finding
	for _, f := range out.Findings {
		if f.Rule == id {
			got = append(got, f)
		}
	}
	compare(t, got, c.Expect)
}

func compare(t *testing.T, got []finding.Finding, want []expect) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range want {
		i := match(got, used, w)
		if i < 0 {
			t.Errorf("missing finding on %s (line %d, severity %q)", w.Object, w.Line, w.Severity)
			continue
		}
		used[i] = true
	}
	for i, f := range got {
		if !used[i] {
			t.Errorf("unexpected finding %s line %d %s: %s", f.Object, f.Line, f.Severity, f.Message)
		}
	}
}

func match(got []finding.Finding, used []bool, w expect) int {
	for i, f := range got {
		if used[i] || refString(f.Object) != w.Object {
			continue
		}
		if (w.Line == 0 || w.Line == f.Line) && (w.Severity == "" || w.Severity == f.Severity.String()) {
			return i
		}
	}
	return -1
}

func refString(r manifest.Ref) string {
	return fmt.Sprintf("%s/%s/%s", r.Kind, r.Namespace, r.Name)
}

// TestRuleFixtures walks every testdata/rules/<ID>/suite.yaml.
func TestRuleFixtures(t *testing.T) {
	ids := ruleDirs(t)
	for _, id := range ids {
		s := loadSuite(t, id)
		for _, c := range s.Cases {
			t.Run(id+"/"+c.Name, func(t *testing.T) { runCase(t, id, s, c) })
		}
	}
}

func ruleDirs(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(rulesDir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		if e.IsDir() {
			ids = append(ids, e.Name())
		}
	}
	sort.Strings(ids)
	return ids
}
