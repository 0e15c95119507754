package validate

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// TestReleasingTheBodiesChangesNoVerdict: a lint that releases the
// decoded manifests once the model is built, and one that constructs the
// objects as they load and releases their bodies then (mesh.Preparer:
// what `meshlint lint` does), find exactly what one that keeps them
// finds, findings, lines, messages, waivers and input problems alike, on
// every rule fixture, the field report's stacks and a corpus with every
// breakage; and nothing reads a body once released
// (manifest.ReadAfterRelease), even where the verdict would not show it.
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
	released, prepared := 0, 0
	for _, path := range append(append(ruleFixtures(t), stacks...), "../../testdata/release", writeCorpus(t, 2000)) {
		kept, err := v.Lint(manifest.Load([]string{path}, manifest.Options{}).Objects)
		if err != nil {
			t.Fatal(err)
		}
		p := mesh.NewPreparer(v.settings)
		for _, prep := range []*mesh.Preparer{nil, p} {
			objs := manifest.Load([]string{path}, manifest.Options{Decoded: preparing(prep)}).Objects
			prepared += countReleased(objs)
			got, err := v.LintReleasing(context.Background(), objs, prep)
			if err != nil {
				t.Fatal(err)
			}
			if len(reads) > 0 {
				t.Errorf("%s (prepared: %t): bodies read after their release: %v", path, prep != nil, reads)
				reads = nil
			}
			if a, b := verdict(got), verdict(kept); a != b {
				t.Errorf("%s (prepared: %t): released:\n%s\nkept:\n%s", path, prep != nil, a, b)
			}
			released += countReleased(objs)
		}
	}
	if released == 0 || prepared == 0 {
		t.Errorf("bodies released: %d once modelled, %d as loaded", released, prepared)
	}
}

// notes are what --explain says the model could not decide.
func notes(ps []mesh.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s:%d: %s", p.Object.Ref(), p.Line, p.Msg))
	}
	return out
}

// preparing is p's hook for the loader (nil: none).
func preparing(p *mesh.Preparer) func([]*manifest.Object) {
	if p == nil {
		return nil
	}
	return p.Prepare
}

// countReleased counts the objects of objs whose body was released.
func countReleased(objs []*manifest.Object) int {
	n := 0
	for _, o := range objs {
		if o.Released() {
			n++
		}
	}
	return n
}

func verdict(r *Result) string {
	return fmt.Sprintf("%+v\n%+v\n%d\n%v\n%v", r.Findings, r.Waived, r.Suppressed, r.Problems, notes(r.Model.Undecided()))
}

// TestAPreparerServesOneBuild: a Preparer releases the objects of JSON
// files too, and the earlier definitions of an object are released with
// it; the objects it released cannot be constructed again, so a second
// build from them, or one in another cluster domain, is an error rather
// than a model of empty objects.
func TestAPreparerServesOneBuild(t *testing.T) {
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := mesh.NewPreparer(v.settings)
	objs := manifest.Load([]string{"../../testdata/release"}, manifest.Options{Decoded: p.Prepare}).Objects
	json := 0
	for _, o := range objs {
		if o.Released() && filepath.Ext(o.File) == ".json" {
			json++
		}
	}
	if countReleased(objs) == 0 || json == 0 {
		t.Fatalf("released as loaded: %d, of them from JSON: %d", countReleased(objs), json)
	}
	if _, err := v.LintReleasing(context.Background(), objs, p); err != nil {
		t.Fatal(err)
	}
	for _, o := range objs {
		for _, e := range o.Earlier {
			if !e.Released() {
				t.Errorf("%s: an earlier definition kept its body (%s:%d)", o.Ref(), e.File, e.Line)
			}
		}
	}
	if _, err := v.LintReleasing(context.Background(), objs, p); err == nil {
		t.Error("a second build from prepared objects succeeded")
	}
	other := v.settings
	other.ClusterDomain = "corp.example"
	q := mesh.NewPreparer(other)
	objs = manifest.Load([]string{"../../testdata/release"}, manifest.Options{Decoded: q.Prepare}).Objects
	if _, err := v.LintReleasing(context.Background(), objs, q); err == nil {
		t.Error("a build in another cluster domain than the preparer's succeeded")
	}
}
