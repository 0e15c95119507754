package validate

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
)

// TestMemoizedEvaluationFindsWhatWholeEvaluationFinds: through a memo, a
// state's findings are those of one whole evaluation, whether its items
// are new (evaluated in batches; those that find something remembered
// whole), all known as such batches (nothing evaluated), all known on
// their own once the memo has cut those batches, or known from other
// states (one memo shared by every fixture, as the webhook shares one by
// every request).
func TestMemoizedEvaluationFindsWhatWholeEvaluationFinds(t *testing.T) {
	files := ruleFixtures(t)
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	v.Engine().ShardItems = 7 // many batches, and the cutting of those that find something
	memo := policy.NewMemo(64)
	ctx := context.Background()
	all := everyItem(t)
	for _, path := range append(files, writeCorpus(t, 2000)) {
		m := mesh.Build(manifest.Load([]string{path}, manifest.Options{}).Objects, v.settings)
		whole, err := all.Engine().Eval(ctx, m.Facts())
		if err != nil {
			t.Fatal(err)
		}
		for _, pass := range []string{"first", "again", "settled"} {
			if pass == "settled" {
				settle(t, memo)
			}
			misses := memo.Misses.Load()
			got, err := v.Engine().EvalSectionsMemo(ctx, sections(m), memo)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := keys(got), keys(whole); fmt.Sprint(a) != fmt.Sprint(b) {
				t.Errorf("%s, %s pass: memoized %d findings, whole %d:\n%v\n%v", path, pass, len(a), len(b), a, b)
			}
			if n := memo.Misses.Load() - misses; pass != "first" && n != 0 {
				t.Errorf("%s, %s pass: %d items evaluated again", path, pass, n)
			}
		}
	}
	if memo.Hits.Load() == 0 || memo.Misses.Load() == 0 {
		t.Errorf("memo: %d hits, %d misses", memo.Hits.Load(), memo.Misses.Load())
	}
}

// TestMemoGroupHeldInPart: while the memo holds batches that found
// something whole (not yet cut: Hold), a state holding only some items
// of such a batch evaluates those items, and finds what a whole
// evaluation of it finds; once cut, each item is known on its own.
func TestMemoGroupHeldInPart(t *testing.T) {
	v, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	v.Engine().ShardItems = 50
	m := mesh.Build(manifest.Load([]string{writeCorpus(t, 1000)}, manifest.Options{}).Objects, v.settings)
	all, half := sections(m), halves(sections(m))
	memo := policy.NewMemo(64)
	memo.Patience = time.Hour
	ctx := context.Background()
	release := memo.Hold()
	if _, err := v.Engine().EvalSectionsMemo(ctx, all, memo); err != nil {
		t.Fatal(err)
	}
	held := memo.Len()
	want, err := v.Engine().EvalSections(ctx, half)
	if err != nil {
		t.Fatal(err)
	}
	misses := memo.Misses.Load()
	got, err := v.Engine().EvalSectionsMemo(ctx, half, memo)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := keys(got), keys(want); fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("half of the items: memoized %d findings, whole %d:\n%v\n%v", len(a), len(b), a, b)
	}
	if memo.Misses.Load() == misses {
		t.Error("no item of a batch held in part was evaluated")
	}
	release()
	settle(t, memo)
	if memo.Len() <= held {
		t.Errorf("cut: the memo knows %d items on their own, %d before", memo.Len(), held)
	}
	misses = memo.Misses.Load()
	if _, err := v.Engine().EvalSectionsMemo(ctx, half, memo); err != nil || memo.Misses.Load() != misses {
		t.Errorf("once cut: %d items evaluated again (%v)", memo.Misses.Load()-misses, err)
	}
}

// halves keeps the first half of each list section.
func halves(sections []policy.Section) []policy.Section {
	out := make([]policy.Section, len(sections))
	for i, s := range sections {
		out[i] = s
		if s.Len > 0 {
			out[i].Len = s.Len / 2
		}
	}
	return out
}

func settle(t *testing.T, memo *policy.Memo) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := memo.Settle(ctx); err != nil {
		t.Fatalf("the memo's cut did not end: %v", err)
	}
}
