package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
)

const hostStack = "../../testdata/field-report/host/stack.yaml"

func rules(out *Result) string {
	var ids []string
	for _, f := range out.Findings {
		ids = append(ids, f.Rule+":"+f.Severity.String())
	}
	return strings.Join(ids, ",")
}

func loadConfig(t *testing.T, text string) *config.Config {
	t.Helper()
	p := filepath.Join(t.TempDir(), config.FileName)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestSuppressionAndConfig(t *testing.T) {
	annotated := filepath.Join(t.TempDir(), "annotated.yaml")
	b, _ := os.ReadFile(hostStack)
	text := strings.Replace(string(b), "  name: web-nginx-config\n", "  name: web-nginx-config\n  annotations:\n    meshlint.io/ignore: \"ML999, ML201\"\n", 1)
	if err := os.WriteFile(annotated, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, config, path, want string
	}{
		{"the broken stack reports both traps", "", hostStack, "ML201:error,ML401:error"},
		{"an annotation naming the rule suppresses it on that object", "", annotated, "ML401:error"},
		{"allowIgnoreAnnotation: false makes annotations count for nothing", "allowIgnoreAnnotation: false\n", annotated, "ML201:error,ML401:error"},
		{"a rule turned off reports nothing", "rules:\n  ML401: {mode: \"off\"}\n", hostStack, "ML201:error"},
		{"a severity override applies", "rules:\n  ML401: {severity: warning}\n", hostStack, "ML201:error,ML401:warning"},
		{"an ignore with a reason suppresses matching findings", "ignores:\n  - rule: ML201\n    namespace: blog-*\n    reason: migrating next sprint\n", hostStack, "ML401:error"},
		{"an ignore for another kind does not", "ignores:\n  - rule: ML201\n    kind: Ingress\n    reason: not this one\n", hostStack, "ML201:error,ML401:error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := config.Default()
			if c.config != "" {
				cfg = loadConfig(t, c.config)
			}
			out := lintWith(t, cfg, nil, c.path)
			if got := rules(out); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestSuppressedFindingsAreCounted(t *testing.T) {
	cfg := loadConfig(t, "rules:\n  ML401: {mode: \"off\"}\n")
	out := lintWith(t, cfg, nil, hostStack)
	if out.Suppressed != 1 {
		t.Errorf("suppressed = %d, want 1", out.Suppressed)
	}
	for _, f := range out.Findings {
		if f.Severity == finding.None {
			t.Errorf("finding without severity: %+v", f)
		}
	}
}
