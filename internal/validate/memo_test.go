package validate

import (
	"context"
	"fmt"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
)

// TestMemoizedEvaluationFindsWhatWholeEvaluationFinds: through a memo, a
// state's findings are those of one whole evaluation, whether its items
// are new (evaluated in batches, cut down to the items that find
// something), all known (nothing evaluated), or known from other states
// (one memo shared by every fixture, as the webhook shares one by every
// request).
func TestMemoizedEvaluationFindsWhatWholeEvaluationFinds(t *testing.T) {
	files := ruleFixtures(t)
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	v.Engine().ShardItems = 7 // many batches, and the cutting of those that find something
	memo := policy.NewMemo(64)
	ctx := context.Background()
	for _, path := range append(files, writeCorpus(t, 2000)) {
		m := mesh.Build(manifest.Load([]string{path}, manifest.Options{}).Objects, v.settings)
		whole, err := v.Engine().Eval(ctx, m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		for _, pass := range []string{"first", "again"} {
			misses := memo.Misses.Load()
			got, err := v.Engine().EvalSectionsMemo(ctx, sections(m), memo)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := keys(got), keys(whole); fmt.Sprint(a) != fmt.Sprint(b) {
				t.Errorf("%s, %s pass: memoized %d findings, whole %d:\n%v\n%v", path, pass, len(a), len(b), a, b)
			}
			if n := memo.Misses.Load() - misses; pass == "again" && n != 0 {
				t.Errorf("%s: %d items evaluated again", path, n)
			}
		}
	}
	if memo.Hits.Load() == 0 || memo.Misses.Load() == 0 {
		t.Errorf("memo: %d hits, %d misses", memo.Hits.Load(), memo.Misses.Load())
	}
}
