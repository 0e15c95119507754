package admission

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestWarmLeavesAMeshWideChangeLittleToEvaluate: once the engine has
// evaluated the loaded state (Warm), a change in the root namespace takes
// the state before from the cache and evaluates only the fact items it
// altered: the mesh-wide PeerAuthentication made STRICT (every
// namespace's own PeerAuthentication overrides it here) changes its own
// item, not the thousand others. A change of its labels alone is not
// evaluated at all (inert.go).
func TestWarmLeavesAMeshWideChangeLittleToEvaluate(t *testing.T) {
	s := corpusStoreT(t, 1000)
	e, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := e.Warm(ctx, s); err != nil {
		t.Fatal(err)
	}
	known := e.MemoItems()
	if known < s.Len() {
		t.Fatalf("the memo knows %d items of %d objects", known, s.Len())
	}
	pa := find(t, s.Objects([]string{"istio-system"}), meshWidePA)
	hits, misses := e.before.hits.Load(), e.memo.Misses.Load()
	v, err := e.Validate(ctx, s, request(t, Update, pa, edited(t, pa, label("tier", "mesh"))))
	if err != nil || !v.Allowed || !strings.HasPrefix(v.Skipped, inertSkip) {
		t.Fatalf("label: %+v, %v", v, err)
	}
	strict := edited(t, pa, func(b map[string]any) { b["spec"] = map[string]any{"mtls": map[string]any{"mode": "STRICT"}} })
	if _, err := e.Validate(ctx, s, request(t, Update, pa, strict)); err != nil {
		t.Fatal(err)
	}
	if n := e.memo.Misses.Load() - misses; e.before.hits.Load() != hits+1 || n == 0 || n > 5 {
		t.Errorf("mode: %d states from the cache, %d items evaluated of %d", e.before.hits.Load()-hits, n, known)
	}
}

// TestWarmKeepsToTheBudget: a cluster over what one evaluation may model
// is not evaluated in the background either.
func TestWarmKeepsToTheBudget(t *testing.T) {
	s := corpusStoreT(t, 200)
	e, err := New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.SetBudget(Budget{MaxObjects: 50})
	if err := e.Warm(context.Background(), s); !errors.Is(err, ErrOverBudget) || e.MemoItems() != 0 {
		t.Errorf("Warm over the budget: %v, %d items", err, e.MemoItems())
	}
}
