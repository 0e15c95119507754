package yamledit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff/lcs"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
)

// Every object of the project's fixtures takes a new label, every pod
// template a new template label, and every multi-line ConfigMap value
// (nginx configs) a new last line: each edit only adds lines (nothing else
// in the file moves or changes), and the result decodes to the intended
// objects, which Apply checks before it returns.
func TestNewKeysOnlyAddLinesAcrossTheFixtures(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("../../testdata/rules/*/*.yaml")
	if err != nil || len(files) < 100 {
		t.Fatalf("fixtures: %d files, %v", len(files), err)
	}
	edited, texts := 0, 0
	for _, f := range files {
		if strings.HasSuffix(f, "suite.yaml") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res := manifest.LoadBytes(f, data, manifest.Options{})
		if len(res.Errors) > 0 {
			continue // the fixtures of bad input
		}
		var targets []Target
		for _, o := range res.Objects {
			edits := []mutate.Edit{field("yes", "metadata", "labels", "meshlint.io/probe")}
			if spec, _ := o.Body["spec"].(map[string]any); spec["template"] != nil {
				edits = append(edits, field("yes", "spec", "template", "metadata", "labels", "meshlint.io/probe"))
			}
			lines := appendLines(o)
			texts += len(lines)
			edits = append(edits, lines...)
			targets = append(targets, Target{Object: o, Edits: edits})
		}
		out, err := Apply(f, data, targets)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		for _, d := range lcs.DiffLines(strings.SplitAfter(string(data), "\n"), strings.SplitAfter(string(out), "\n")) {
			if d.End != d.Start {
				t.Errorf("%s: lines %d-%d changed, not only added", f, d.Start+1, d.End)
			}
		}
		edited++
	}
	if edited < 100 || texts < 50 {
		t.Errorf("only %d files and %d texts edited", edited, texts)
	}
}

// appendLines adds a line to each ConfigMap value written as a literal
// block that ends with a line break.
func appendLines(o *manifest.Object) []mutate.Edit {
	data, _ := o.Body["data"].(map[string]any)
	var out []mutate.Edit
	for k, v := range data {
		if s, ok := v.(string); ok && o.Kind == "ConfigMap" && strings.Count(s, "\n") > 1 && strings.HasSuffix(s, "\n") {
			out = append(out, str(s+"# probe\n", "data", k))
		}
	}
	return out
}
