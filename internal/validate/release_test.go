package validate

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

// TestReleasingTheBodiesChangesNoVerdict: a lint that releases the
// decoded manifests once the model is built (what `meshlint lint` does)
// finds exactly what one that keeps them finds, findings, lines,
// messages, waivers and input problems alike, on every rule fixture, the
// field report's stacks and a corpus with every breakage; and nothing
// reads a body once released (manifest.ReadAfterRelease), even where the
// verdict would not show it.
func TestReleasingTheBodiesChangesNoVerdict(t *testing.T) {
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	stacks, err := filepath.Glob("../../testdata/field-report/*")
	if err != nil || len(stacks) < 4 {
		t.Fatalf("field report: %v, %v", stacks, err)
	}
	var (
		mu    sync.Mutex // the rules' shards build facts concurrently
		reads []string
	)
	manifest.ReadAfterRelease = func(o *manifest.Object) {
		mu.Lock()
		defer mu.Unlock()
		reads = append(reads, o.Ref().String())
	}
	defer func() { manifest.ReadAfterRelease = nil }()
	released := 0
	for _, path := range append(append(ruleFixtures(t), stacks...), writeCorpus(t, 2000)) {
		kept, err := v.Lint(manifest.Load([]string{path}, manifest.Options{}).Objects)
		if err != nil {
			t.Fatal(err)
		}
		objs := manifest.Load([]string{path}, manifest.Options{}).Objects
		got, err := v.LintReleasing(context.Background(), objs)
		if err != nil {
			t.Fatal(err)
		}
		if len(reads) > 0 {
			t.Errorf("%s: bodies read after their release: %v", path, reads)
			reads = nil
		}
		if a, b := verdict(got), verdict(kept); a != b {
			t.Errorf("%s: released:\n%s\nkept:\n%s", path, a, b)
		}
		for _, o := range objs {
			if len(o.Body) <= 1 {
				released++
			}
		}
	}
	if released == 0 {
		t.Error("no body was released")
	}
}

func verdict(r *Result) string {
	return fmt.Sprintf("%+v\n%+v\n%d\n%v", r.Findings, r.Waived, r.Suppressed, r.Problems)
}
