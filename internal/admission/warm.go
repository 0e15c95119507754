package admission

import (
	"context"
	"fmt"
)

// Warm evaluates the whole cluster state the snapshot holds, as a change
// in Istio's root namespace would have it evaluated: every fact item's
// findings go into the memo, and the state's findings into the cache of
// states before a change. The webhook calls it once the state is loaded,
// so that its first requests, mesh-wide ones included, evaluate only
// what they change rather than every item of the cluster; and it notes
// which namespaces are meshed (clients.go). It returns once the memo
// holds each item's own findings. It starts a generation of
// the model's cache (mesh.Cache), keeping what the objects it models
// made.
func (e *Engine) Warm(ctx context.Context, snap Snapshot) error {
	objs := snap.Objects(e.allNamespaces(snap, ""))
	if err := e.budget.check(objs); err != nil { // a mesh-wide change is not evaluated either
		return err
	}
	if c := e.cached(); c != nil {
		c.Rotate() // what the cluster no longer holds goes with the next generation
	}
	res, err := e.v.LintCached(ctx, objs, e.memoized(), e.cached())
	if err == nil && e.memoized() != nil {
		err = e.memo.Settle(ctx) // every item remembered on its own (policy memo_cut.go)
	}
	if err != nil {
		return fmt.Errorf("evaluate the cluster state: %w", err)
	}
	if !e.exhaustive {
		if h, ok := e.states.hash(objs); ok {
			e.states.put(h, objs, res)
		}
	}
	meshed := res.Model.ClientNamespaces()
	e.meshed.Store(&meshed)
	e.warmed.Add(1)
	return nil
}

// allNamespaces is the scope of a change that reaches the whole mesh:
// every namespace of the snapshot, the change's own and the root
// namespace.
func (e *Engine) allNamespaces(snap Snapshot, home string) []string {
	all := appendNew(snap.Namespaces(), home, e.settings.RootNamespace)
	out := all[:0]
	for _, ns := range all {
		if ns != "" {
			out = append(out, ns)
		}
	}
	return out
}

// Settle waits until the memo has cut the batches of the evaluations so
// far down to their items (policy memo_cut.go), or ctx ends: what an
// idle webhook holds.
func (e *Engine) Settle(ctx context.Context) error {
	return e.memo.Settle(ctx)
}

// MemoQueued is the number of fact items remembered with their batch,
// waiting for the cut that gives each its own findings.
func (e *Engine) MemoQueued() int { return e.memo.Queued() }

// MemoItems is the number of fact items whose findings the engine
// remembers (a gauge of its memory).
func (e *Engine) MemoItems() int { return e.memo.Len() }

// MemoCounts are the fact items the engine found in its memo and those
// it evaluated, since it started.
func (e *Engine) MemoCounts() (reused, evaluated int64) {
	return e.memo.Hits.Load(), e.memo.Misses.Load()
}

// CacheHits are the requests answered from the cache of answers, those
// whose verdict came from the cache of verdicts, and the states taken from
// the cache of states, since the engine started (verdicts.go, cache.go).
func (e *Engine) CacheHits() (answers, verdicts, states int64) {
	return e.answers.hits.Load(), e.verdicts.hits.Load(), e.states.hits.Load()
}
