package validate

import (
	"context"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
)

// BenchmarkRulesMemo is the rules' evaluation of a 10,000-object state
// three ways: without a memo, through a memo that knows nothing (the
// webhook's first evaluation: every item evaluated, and the batches that
// find something cut down to their items), and through one that knows
// every item (a state the webhook has seen, or one a change left mostly
// as it was).
func BenchmarkRulesMemo(b *testing.B) {
	v, err := New(config.Default(), nil)
	if err != nil {
		b.Fatal(err)
	}
	res := manifest.Load([]string{writeCorpus(b, 10000)}, manifest.Options{})
	m := mesh.Build(res.Objects, v.settings)
	ctx := context.Background()
	warm := policy.NewMemo(1 << 16)
	for name, memo := range map[string]func() *policy.Memo{
		"none": func() *policy.Memo { return nil }, "cold": func() *policy.Memo { return policy.NewMemo(1 << 16) },
		"warm": func() *policy.Memo { return warm },
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := v.Engine().EvalSectionsMemo(ctx, sections(m), memo()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
