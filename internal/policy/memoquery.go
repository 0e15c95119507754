package policy

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/open-policy-agent/opa/v1/rego"
)

// sectionQuery is the query the memo's evaluations run: the findings of
// the rule packages that read the section the input names (sections.go).
// One evaluation of all the packages costs about ten times one of a
// package, and cutting a batch down to the items that find something
// evaluates small inputs many times, so it matters. It is prepared once,
// at the first evaluation through a memo, when the single-value sections
// are known.
type sectionQuery struct {
	once sync.Once
	q    rego.PreparedEvalQuery
	err  error
}

func (e *Engine) sectionQuery(singles []string) (rego.PreparedEvalQuery, error) {
	sq := &e.byItem
	sq.once.Do(func() {
		reads, err := sectionReads(e.mods)
		if err != nil {
			sq.err = err
			return
		}
		by := bySectionModule(reads, func(s string) bool { return slices.Contains(singles, s) })
		opts := []func(*rego.Rego){rego.Query("f := data.meshlint.bysection.findings[_]"), rego.Module(by.Name, by.Source)}
		for _, m := range e.mods {
			opts = append(opts, rego.Module(m.Name, m.Source))
		}
		if sq.q, err = rego.New(opts...).PrepareForEval(context.Background()); err != nil {
			sq.err = fmt.Errorf("compile policies by section: %w", err)
		}
	})
	return sq.q, sq.err
}
