package admission

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/kinds"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// versioned gives every object a resourceVersion, as the API server does.
func versioned(t testing.TB, objs []*manifest.Object, rv string) []*manifest.Object {
	out := make([]*manifest.Object, len(objs))
	for i, o := range objs {
		out[i] = edited(t, o, func(b map[string]any) { b["metadata"].(map[string]any)["resourceVersion"] = rv })
	}
	return out
}

// ownEngine is an engine with caches of its own, the final stack as the
// API server versions it, and a Store of it.
func ownEngine(t *testing.T) (*Engine, []*manifest.Object, *Store) {
	t.Helper()
	e, err := New(config.Default(), nil)
	if err != nil {
		t.Fatal(err)
	}
	final := versioned(t, load(t, finalStack), "1")
	return e, final, storeOf(final)
}

// unversioned is a snapshot without the Store's version: a request on it
// is never answered from the cache of answers (verdicts.go).
type unversioned struct{ Snapshot }

// A state comes from the cache exactly when its content was evaluated
// before, the state after a change as well as the state before, and the
// verdicts are the same either way. hits counts both.
func TestAStateComesFromTheCacheOnlyWhenItsContentWasEvaluated(t *testing.T) {
	e, final, s := ownEngine(t)
	stored := find(t, final, nginxConfig)
	hostCM := edited(t, find(t, load(t, hostStack), nginxConfig), func(b map[string]any) {
		b["metadata"].(map[string]any)["resourceVersion"] = "1"
	})
	toHost := request(t, Update, stored, hostCM)
	steps := []struct {
		sentence string
		change   func()
		req      Request
		errors   []string
		hits     int64
	}{
		{"the first request evaluates both states", nil, toHost, []string{"ML201", "ML401"}, 0},
		{"the same request again takes both from the cache", nil, toHost, []string{"ML201", "ML401"}, 2},
		{"a dry-run of it too", nil, func() Request { r := toHost; r.DryRun = true; return r }(), []string{"ML201", "ML401"}, 4},
		{"after another object of the namespace changed, both states are new",
			func() { s.Set(edited(t, find(t, final, webService), label("v", "2"))) }, toHost, []string{"ML201", "ML401"}, 4},
		{"and then cached again", nil, toHost, []string{"ML201", "ML401"}, 6},
		{"an oldObject of another resourceVersion with the same content is the same state",
			func() {
				s.Set(edited(t, stored, func(b map[string]any) { b["metadata"].(map[string]any)["resourceVersion"] = "2" }))
			},
			toHost, []string{"ML201", "ML401"}, 8},
		{"the state before is the request's oldObject's, evaluated before, even where the stored copy moved on",
			func() {
				s.Set(edited(t, stored, func(b map[string]any) {
					b["metadata"].(map[string]any)["resourceVersion"] = "3"
					b["metadata"].(map[string]any)["labels"] = map[string]any{"moved": "on"}
				}))
			},
			toHost, []string{"ML201", "ML401"}, 10},
		{"the change applied, its state after is the state before the next change, and that change back makes a state seen before",
			func() {
				s.Set(edited(t, hostCM, func(b map[string]any) { b["metadata"].(map[string]any)["resourceVersion"] = "4" }))
			},
			request(t, Update, edited(t, hostCM, func(b map[string]any) { b["metadata"].(map[string]any)["resourceVersion"] = "4" }), stored),
			nil, 12},
	}
	for _, st := range steps {
		if st.change != nil {
			st.change()
		}
		v := check(t, e, unversioned{s}, st.req)
		if !slices.Equal(slices.Sorted(slices.Values(v.Errors)), st.errors) && len(v.Errors)+len(st.errors) > 0 {
			t.Errorf("%s: errors %v, want %v", st.sentence, v.Errors, st.errors)
		}
		if got := e.states.hits.Load(); got != st.hits {
			t.Errorf("%s: %d cache hits, want %d", st.sentence, got, st.hits)
		}
	}
}

// state is an object of its own, with its sum.
func state(t *testing.T, i int) *manifest.Object {
	o := yamlObject(t, nginxProxy(fmt.Sprintf("big-%d", i), "a.b"))
	o.Sum = contentSum(o)
	return o
}

func TestTheCacheIsBounded(t *testing.T) {
	c := newStateCache()
	objs := storeOf(load(t, finalStack)).Objects([]string{"blog-system"}) // with their sums
	for i := range maxCached + 10 {
		state := append(slices.Clone(objs), yamlObject(t, nginxProxy(fmt.Sprintf("ns-%d", i), "a.b")))
		state[len(state)-1].Sum = contentSum(state[len(state)-1])
		_, h := c.get(state)
		c.put(h, state, &validate.Result{})
	}
	if n := len(c.entries); n > maxCached || n < maxCached/2 {
		t.Errorf("%d entries, want at most %d and most of them", n, maxCached)
	}
	big := make([]*manifest.Object, maxCachedSums/3)
	for i := range big {
		big[i] = objs[i%len(objs)]
	}
	for range 5 { // states of a whole cluster: two fit
		big = append(slices.Clone(big), state(t, len(big)))
		_, h := c.get(big)
		c.put(h, big, &validate.Result{})
	}
	held, large := 0, 0
	for _, e := range c.entries {
		held += len(e.sums)
		if len(e.sums) > maxCachedSums/3 {
			large++
		}
	}
	if c.sums > maxCachedSums || large == 0 || large > 2 {
		t.Errorf("%d entries, %d of a whole cluster, holding %d sums; want at most %d sums", len(c.entries), large, c.sums, maxCachedSums)
	}
	if held != c.sums {
		t.Errorf("the entries hold %d sums, the count says %d", held, c.sums)
	}
}

// The same change again on the same state is answered with the verdict it
// had: from the cache of answers while the Store has not changed, from
// the cache of verdicts once both its states come from the cache of
// states (the Store changed outside the change's scope); a change of
// another object is not; and what a caller does to the verdict it gets
// changes no other.
func TestTheSameChangeAgainHasTheSameVerdict(t *testing.T) {
	e, final, s := ownEngine(t)
	stored := find(t, final, nginxConfig)
	toHost := request(t, Update, stored, edited(t, find(t, load(t, hostStack), nginxConfig), func(b map[string]any) {
		b["metadata"].(map[string]any)["resourceVersion"] = "1"
	}))
	first := check(t, e, s, toHost)
	if first.Allowed {
		t.Fatalf("the first request: allowed %v", first.Allowed)
	}
	hits := func() [2]int64 { return [2]int64{e.answers.hits.Load(), e.verdicts.hits.Load()} }
	elsewhere := yamlObject(t, nginxProxy("elsewhere", "a.b"))
	for _, st := range []struct {
		sentence string
		change   func()
		req      Request
		want     [2]int64 // answers, verdicts from the caches so far
	}{
		{"again", nil, toHost, [2]int64{1, 0}},
		{"a dry run", nil, func() Request { r := toHost; r.DryRun = true; return r }(), [2]int64{2, 0}},
		{"again after the caller changed its copies", nil, toHost, [2]int64{3, 0}},
		{"again once the Store changed outside the change's scope", func() { s.Set(elsewhere) }, toHost, [2]int64{3, 1}},
	} {
		if st.change != nil {
			st.change()
		}
		v := check(t, e, s, st.req)
		if !reflect.DeepEqual(v, first) || hits() != st.want {
			t.Errorf("%s: %v from the caches (answers, verdicts), want %v; verdict %+v, want %+v", st.sentence, hits(), st.want, v, first)
		}
		v.Warnings = append(v.Warnings[:0], "changed by the caller")
		v.Errors[0] = "changed by the caller"
	}
	was := hits()
	ws := find(t, final, webService)
	if v := check(t, e, s, request(t, Update, ws, edited(t, ws, label("v", "2")))); !v.Allowed || hits() != was {
		t.Errorf("another object's change: allowed %v, %v from the caches, want %v", v.Allowed, hits(), was)
	}
}

// The state after an update is, by key, the state before the next change
// once the informers hold the object as they hold it (kinds.Bound drops
// its status, managed fields and last-applied copy): the next change
// evaluates only its own state after.
func TestTheStateAfterAnUpdateIsTheStateBeforeTheNextChange(t *testing.T) {
	e, final, s := ownEngine(t)
	web := find(t, final, "Deployment/blog-system/web")
	sent := edited(t, web, func(b map[string]any) {
		meta := b["metadata"].(map[string]any)
		meta["labels"] = map[string]any{"release": "2"}
		meta["annotations"] = map[string]any{"kubectl.kubernetes.io/last-applied-configuration": `{"kind":"Deployment"}`}
		meta["managedFields"] = []any{map[string]any{"manager": "kubectl", "operation": "Apply"}}
		b["status"] = map[string]any{"replicas": int64(2), "readyReplicas": int64(2)}
	})
	check(t, e, unversioned{s}, request(t, Update, web, sent))
	var u unstructured.Unstructured
	if err := json.Unmarshal(jsonOf(t, sent), &u.Object); err != nil {
		t.Fatal(err)
	}
	u.SetResourceVersion("2")
	stored, ok := kinds.Object(kinds.Bound(&u)) // as the webhook's informers hold it (webhook/convert.go)
	if !ok {
		t.Fatal("the Deployment is not modelled")
	}
	stored.File = stored.Ref().String()
	s.Set(stored)
	hits := e.states.hits.Load()
	ws := find(t, final, webService)
	if v := check(t, e, unversioned{s}, request(t, Update, ws, edited(t, ws, label("v", "2")))); !v.Allowed {
		t.Fatalf("the next change: %s", v.Message)
	}
	if got := e.states.hits.Load() - hits; got != 1 {
		t.Errorf("the next change took %d states from the cache, want 1 (the state before)", got)
	}
}
