package validate

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
)

// TestShardedEvaluationFindsWhatWholeEvaluationFinds guards the property
// sharding rests on: every built-in rule reads one item of one fact list
// at a time, so cutting the lists anywhere changes nothing.
func TestShardedEvaluationFindsWhatWholeEvaluationFinds(t *testing.T) {
	files, err := filepath.Glob("../../testdata/rules/*/*.yaml")
	if err != nil || len(files) < 50 {
		t.Fatalf("fixtures: %d files, %v", len(files), err)
	}
	dir := writeCorpus(t, 3000)
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	v.Engine().ShardItems = 7
	for _, path := range append(files, dir) {
		res := manifest.Load([]string{path}, manifest.Options{})
		m := mesh.Build(res.Objects, v.settings)
		sharded, err := v.Engine().EvalSections(context.Background(), sections(m))
		if err != nil {
			t.Fatal(err)
		}
		whole, err := v.Engine().Eval(context.Background(), m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		if a, b := keys(sharded), keys(whole); fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("%s: sharded %d findings, whole %d:\n%v\n%v", path, len(a), len(b), a, b)
		}
	}
}

func keys(raws []policy.Raw) []string {
	out := make([]string, len(raws))
	for i, r := range raws {
		out[i] = fmt.Sprint(r.Rule, r.Object, r.Line, r.Message)
	}
	sort.Strings(out)
	return out
}
