package admission

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestWarmLeavesAMeshWideChangeLittleToEvaluate: once the engine has
// evaluated the loaded state (Warm), a change that reaches every
// namespace takes the state before from the cache and evaluates only the
// fact items it altered, of those a rule could find something in
// (policy/prefilter.go: the others are not evaluated, nor remembered).
// Here the mesh-wide PeerAuthentication made STRICT once no namespace
// sets its own mode (scope_meshwide.go): it changes the mode of every
// endpoint and hop, not the items of Services, Ingresses, nginx
// configurations and workloads. A change of its labels alone is not
// evaluated at all (inert.go).
func TestWarmLeavesAMeshWideChangeLittleToEvaluate(t *testing.T) {
	s, e := warmEverywhere(t, 1000)
	ctx := context.Background()
	known := e.MemoItems()
	if known == 0 {
		t.Fatalf("the memo knows no item of %d objects", s.Len())
	}
	pa := find(t, s.Objects([]string{"istio-system"}), meshWidePA)
	hits, misses := e.states.hits.Load(), e.memo.Misses.Load()
	v, err := e.Validate(ctx, s, request(t, Update, pa, edited(t, pa, label("tier", "mesh"))))
	if err != nil || !v.Allowed || !strings.HasPrefix(v.Skipped, inertSkip) {
		t.Fatalf("label: %+v, %v", v, err)
	}
	strict := edited(t, pa, strictMTLS)
	if _, err := e.Validate(ctx, s, request(t, Update, pa, strict)); err != nil {
		t.Fatal(err)
	}
	if n := e.memo.Misses.Load() - misses; e.states.hits.Load() != hits+1 || n == 0 || n > int64(s.Len()/3) {
		t.Errorf("mode: %d states from the cache, %d items evaluated for %d objects (%d known)", e.states.hits.Load()-hits, n, s.Len(), known)
	}
	t.Logf("%d items known, %d evaluated by the change, %d objects", known, e.memo.Misses.Load()-misses, s.Len())
}

// TestMeshWideChangeModelsOnlyItsReaders: where every namespace sets its
// own mode, the mesh-wide PeerAuthentication made STRICT models the root
// and ingress namespaces and two stand-ins, not the cluster, and
// evaluates almost nothing.
func TestMeshWideChangeModelsOnlyItsReaders(t *testing.T) {
	s := corpusStoreT(t, 1000)
	e, err := New(nil, nil)
	if err == nil {
		err = e.Warm(context.Background(), s)
	}
	if err != nil {
		t.Fatal(err)
	}
	pa := find(t, s.Objects([]string{"istio-system"}), meshWidePA)
	strict := edited(t, pa, strictMTLS)
	req := request(t, Update, pa, strict)
	c, _, err := decodeChange(req)
	if err != nil {
		t.Fatal(err)
	}
	sc := e.scopeOf(s, c)
	held := slices.DeleteFunc(slices.Clone(sc.namespaces), func(ns string) bool { return !slices.Contains(s.Namespaces(), ns) })
	if sc.all || len(held) > 6 {
		t.Errorf("scope %v (all: %v)", held, sc.all)
	}
	misses := e.memo.Misses.Load()
	if v, err := e.Validate(context.Background(), s, req); err != nil || !v.Allowed {
		t.Fatalf("%+v, %v", v, err)
	}
	if n := e.memo.Misses.Load() - misses; n > 20 {
		t.Errorf("%d items evaluated", n)
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
