package validate

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// suite is testdata/rules/<ID>/suite.yaml: cases of objects with the
// findings of the rule they must produce (any order), gatekeeper-library
// style.
type suite struct {
	Rule   string    `yaml:"rule"`
	Config yaml.Node `yaml:"config"`
	Cases  []tcase   `yaml:"cases"`
}

type tcase struct {
	Name   string    `yaml:"name"`
	File   string    `yaml:"file"`
	Config yaml.Node `yaml:"config"`
	Expect []expect  `yaml:"expect"`
}

// expect names a finding: the object as Kind/namespace/name, and
// optionally its line and severity.
type expect struct {
	Object   string `yaml:"object"`
	Line     int    `yaml:"line"`
	Severity string `yaml:"severity"`
}

const rulesDir = "../../testdata/rules"

func loadSuite(t *testing.T, id string) suite {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(rulesDir, id, "suite.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var s suite
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		t.Fatalf("%s/suite.yaml: %v", id, err)
	}
	if s.Rule != id {
		t.Fatalf("%s/suite.yaml: rule %q, want %q", id, s.Rule, id)
	}
	return s
}

// caseConfig builds the config of a case: the suite's, then the case's.
func caseConfig(t *testing.T, nodes ...yaml.Node) *config.Config {
	t.Helper()
	var doc strings.Builder
	for _, n := range nodes {
		if n.Kind == 0 {
			continue
		}
		b, err := yaml.Marshal(&n)
		if err != nil {
			t.Fatal(err)
		}
		doc.Write(b)
	}
	if doc.Len() == 0 {
		return config.Default()
	}
	path := filepath.Join(t.TempDir(), config.FileName)
	if err := os.WriteFile(path, []byte(doc.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatalf("case config: %v", err)
	}
	return cfg
}

func runCase(t *testing.T, id string, s suite, c tcase) {
	cfg := caseConfig(t, s.Config, c.Config)
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
