package admission

import (
	"context"
	"testing"
)

// TestWarmLeavesAMeshWideChangeLittleToEvaluate: once the engine has
// evaluated the loaded state (Warm), a change in the root namespace that
// the model does not read (a label on the mesh-wide PeerAuthentication)
// takes the state before from the cache and evaluates only the changed
// object's own item (its line differs: the request's object is not the
// informer's). A change the model reads (its mode, which every
// namespace's own PeerAuthentication overrides here) evaluates the items
// it altered, not the others.
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
	if err != nil || !v.Allowed || len(v.Findings) != 0 {
		t.Fatalf("label: %+v, %v", v, err)
	}
	if e.before.hits.Load() != hits+1 || e.memo.Misses.Load() > misses+1 {
		t.Errorf("label: %d states from the cache, %d items evaluated", e.before.hits.Load()-hits, e.memo.Misses.Load()-misses)
	}
	misses = e.memo.Misses.Load()
	strict := edited(t, pa, func(b map[string]any) { b["spec"] = map[string]any{"mtls": map[string]any{"mode": "STRICT"}} })
	if _, err := e.Validate(ctx, s, request(t, Update, pa, strict)); err != nil {
		t.Fatal(err)
	}
	if n := e.memo.Misses.Load() - misses; n == 0 || n > int64(known)/2 {
		t.Errorf("mode: %d items evaluated of %d", n, known)
	}
}
