package policy

import (
	"context"

	"github.com/meshlint/meshlint/internal/parallel"
)

// EvalSections runs every rule over the input the sections build. With
// the built-in rules alone, which each read one item of one list at a
// time, the input is built, converted and evaluated in shards on every
// core, so only a few shards are ever held in memory; with user rules,
// which may join across items, it is evaluated whole.
func (e *Engine) EvalSections(ctx context.Context, sections []Section) ([]Raw, error) {
	return e.EvalSectionsMemo(ctx, sections, nil)
}

// EvalSectionsMemo is EvalSections through m, when m is not nil: only
// the items m does not know are evaluated (evalmemo.go).
func (e *Engine) EvalSectionsMemo(ctx context.Context, sections []Section, m *Memo) ([]Raw, error) {
	sections = e.filter.readOnly(sections)
	if !e.local {
		input := make(map[string]any, len(sections))
		for _, s := range sections {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			input[s.Name] = s.Build(0, max(s.Len, 0))
		}
		return e.evalWhole(ctx, input)
	}
	if m != nil {
		return e.evalMemo(ctx, sections, m)
	}
	n := shardCount(sections, max(e.ShardItems, 1))
	results := make([][]Raw, n)
	errs := make([]error, n)
	parallel.For(n, func(i int) {
		if errs[i] = ctx.Err(); errs[i] == nil { // a request's deadline passed: build no more shards
			results[i], errs[i] = e.evalShard(ctx, shard(sections, i, n))
		}
	})
	var out []Raw
	for i := range results {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, results[i]...)
	}
	return out, nil
}

func shardCount(sections []Section, per int) int {
	return max(1, (listItems(sections)+per-1)/per)
}

// listItems counts the items of the list sections.
func listItems(sections []Section) int {
	total := 0
	for _, s := range sections {
		total += max(s.Len, 0)
	}
	return total
}

// shard builds shard i of n: the i-th part of every list section, and the
// single-value sections whole.
func shard(sections []Section, i, n int) map[string]any {
	out := make(map[string]any, len(sections))
	for _, s := range sections {
		if s.Len < 0 {
			out[s.Name] = s.Build(0, 0)
			continue
		}
		out[s.Name] = s.Build(i*s.Len/n, (i+1)*s.Len/n)
	}
	return out
}
