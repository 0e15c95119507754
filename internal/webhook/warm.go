package webhook

import (
	"context"
	"errors"
	"time"

	"github.com/go-logr/logr"

	"github.com/meshlint/meshlint/internal/admission"
)

// keepWarm evaluates the cluster state once the informers have loaded it
// (admission.Engine.Warm), so that the first requests, a mesh-wide change
// among them, evaluate only the fact items they change; then again
// whenever the state has changed and been quiet for a while, so that a
// mesh-wide change finds the state before it evaluated (the engine's
// cache) and models only the state after it. Under changes that never
// pause, it evaluates at most every stale. Requests are answered
// meanwhile; they only do more work.
func keepWarm(ctx context.Context, e *admission.Engine, s *admission.Store, ready func() bool, times warmTimes, log logr.Logger) {
	t := time.NewTicker(times.tick)
	defer t.Stop()
	k := warmer{times: times}
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			if ready() && k.due(now, s.Changes()) {
				k.warm(ctx, e, s, log)
			}
		}
	}
}

// warmTimes: how often keepWarm looks, how long a state must be quiet
// and how stale it may grow before it is evaluated again.
type warmTimes struct{ tick, quiet, stale time.Duration }

var defaultWarmTimes = warmTimes{tick: time.Second, quiet: 2 * time.Second, stale: time.Minute}

// warmer decides when the state is evaluated again.
type warmer struct {
	times         warmTimes
	done          bool   // evaluated once
	warmed, seen  uint64 // the Store's change counts evaluated and last seen
	changed, last time.Time
}

// due: never evaluated yet, or changed since, and quiet or stale.
func (k *warmer) due(now time.Time, changes uint64) bool {
	if changes != k.seen {
		k.seen, k.changed = changes, now
	}
	switch {
	case !k.done:
		return true
	case k.seen == k.warmed:
		return false
	}
	return now.Sub(k.changed) >= k.times.quiet || now.Sub(k.last) >= k.times.stale
}

func (k *warmer) warm(ctx context.Context, e *admission.Engine, s *admission.Store, log logr.Logger) {
	first := !k.done
	k.done, k.warmed, k.last = true, s.Changes(), time.Now()
	switch err := e.Warm(ctx, s); {
	case ctx.Err() != nil: // shutting down
		return
	case errors.Is(err, admission.ErrOverBudget):
		log.V(verbosityOf(first)).Info("cluster state not evaluated: over the budget of one evaluation", "reason", err.Error())
		return
	case err != nil:
		log.Error(err, "evaluating the cluster state")
		return
	}
	log.V(verbosityOf(first)).Info("cluster state evaluated", "items", e.MemoItems(), "took", time.Since(k.last).Round(time.Millisecond).String())
}

// verbosityOf: the first evaluation is logged, the later ones at V(1).
func verbosityOf(first bool) int {
	if first {
		return 0
	}
	return 1
}
