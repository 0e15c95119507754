package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/finding"
)

// A waived finding is kept apart with what waived it: the config file and
// its ignore entry's line and reason, or the object's annotation. A rule
// turned off waives nothing: its findings are not listed.
func TestWaivedFindingsSayWhatWaivedThem(t *testing.T) {
	annotated := filepath.Join(t.TempDir(), "annotated.yaml")
	b, err := os.ReadFile(hostStack)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(b), "  name: web-nginx-config\n", "  name: web-nginx-config\n  annotations:\n    meshlint.io/ignore: ML201\n", 1)
	if err := os.WriteFile(annotated, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := lintWith(t, loadConfig(t, "ignores:\n  - rule: ML401\n    reason: migrating next sprint\n"), nil, annotated)
	if len(out.Findings) != 0 || len(out.Waived) != 2 || out.Suppressed != 2 {
		t.Fatalf("findings %v, waived %+v, suppressed %d", out.Findings, out.Waived, out.Suppressed)
	}
	for _, w := range out.Waived {
		switch w.Finding.Rule {
		case "ML201":
			if w.By != finding.ByAnnotation || w.File != annotated || w.Line == 0 || w.Reason != "" {
				t.Errorf("ML201 waiver = %+v", w)
			}
		case "ML401":
			if w.By != finding.ByConfig || filepath.Base(w.File) != ".meshlint.yaml" || w.Line != 2 || w.Reason != "migrating next sprint" {
				t.Errorf("ML401 waiver = %+v", w)
			}
		default:
			t.Errorf("unexpected waiver %+v", w)
		}
	}
	off := lintWith(t, loadConfig(t, "rules:\n  ML401: {mode: \"off\"}\n"), nil, hostStack)
	if len(off.Waived) != 0 || off.Suppressed != 1 {
		t.Errorf("a rule turned off: waived %+v, suppressed %d", off.Waived, off.Suppressed)
	}
}
