package admission

import (
	"context"
	"errors"
	"fmt"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Budget bounds the work one request can make the engine do, so that a
// few requests cannot make the webhook hold several copies of a huge
// model at once (the webhook also bounds how many run together). The
// objects of the change's scope are what the model is built from; the
// text of their ConfigMaps is what the nginx parser reads (include
// expansion is bounded by the parser itself). Time is bounded by the
// request's context: the model build and the Rego evaluation stop when
// it is done. A zero field is no bound.
type Budget struct {
	MaxObjects   int   // objects in the scope of one change
	MaxTextBytes int64 // bytes of ConfigMap data in that scope
}

// DefaultBudget is far above what one namespace's change reads (a
// mesh-wide change of a 100,000-object cluster fits), and below what
// would take several minutes and gigabytes to model.
var DefaultBudget = Budget{MaxObjects: 250_000, MaxTextBytes: 256 << 20}

// ErrOverBudget wraps the error of a request whose scope is over the
// Budget: the engine did not judge it (the webhook answers as it answers
// a request that ran out of time).
var ErrOverBudget = errors.New("over the evaluation budget")

// ErrDeadline wraps the error of a request whose context ended before
// the engine could judge it (the API server's timeout, less the margin).
var ErrDeadline = errors.New("the evaluation ran out of time")

// SetBudget sets the engine's budget; call it before the engine is used.
func (e *Engine) SetBudget(b Budget) { e.budget = b }

// check reports the scope's objects over the budget.
func (b Budget) check(objs []*manifest.Object) error {
	if b.MaxObjects > 0 && len(objs) > b.MaxObjects {
		return fmt.Errorf("%w: the change's scope holds %d objects, more than the %d one request may make meshlint model", ErrOverBudget, len(objs), b.MaxObjects)
	}
	if b.MaxTextBytes <= 0 {
		return nil
	}
	var n int64
	for _, o := range objs {
		if o.Kind != "ConfigMap" {
			continue
		}
		if n += dataBytes(o); n > b.MaxTextBytes {
			return fmt.Errorf("%w: the ConfigMaps of the change's scope hold more than %d bytes of data, more than one request may make meshlint parse", ErrOverBudget, b.MaxTextBytes)
		}
	}
	return nil
}

// dataBytes is the size of a ConfigMap's data values.
func dataBytes(o *manifest.Object) int64 {
	data, _ := o.Body["data"].(map[string]any)
	var n int64
	for _, v := range data {
		if s, ok := v.(string); ok {
			n += int64(len(s))
		}
	}
	return n
}

// stopped wraps a done context's error in ErrDeadline; nil while ctx
// runs. Whatever the evaluation answered once ctx is done is dropped: a
// partial evaluation is no verdict.
func stopped(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrDeadline, err)
	}
	return nil
}
