package webhook

import (
	"context"
	"time"

	"github.com/go-logr/logr"

	"github.com/meshlint/meshlint/internal/admission"
)

// warmWhenReady evaluates the cluster state once the informers have
// loaded it (admission.Engine.Warm), so that the first requests, a
// mesh-wide change among them, evaluate only the fact items they change.
// Requests are answered meanwhile, at the cost of a full evaluation.
func warmWhenReady(ctx context.Context, e *admission.Engine, snap admission.Snapshot, ready func() bool, every time.Duration, log logr.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for !ready() {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
	start := time.Now()
	if err := e.Warm(ctx, snap); err != nil {
		log.Error(err, "evaluating the cluster state")
		return
	}
	log.Info("cluster state evaluated", "items", e.MemoItems(), "took", time.Since(start).Round(time.Millisecond).String())
}
