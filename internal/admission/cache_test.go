package admission

import (
	"fmt"
	"slices"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
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

// The state before a change comes from the cache only when it is exactly
// the snapshot's, and the verdicts are the same either way.
func TestTheStateBeforeIsCachedOnlyWhileItHolds(t *testing.T) {
	e, err := New(config.Default(), nil) // a cache of its own
	if err != nil {
		t.Fatal(err)
	}
	final := versioned(t, load(t, finalStack), "1")
	s := storeOf(final)
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
		{"the same request again takes the state before from the cache", nil, toHost, []string{"ML201", "ML401"}, 1},
		{"a dry-run of it too", nil, func() Request { r := toHost; r.DryRun = true; return r }(), []string{"ML201", "ML401"}, 2},
		{"after another object of the namespace changed, the state is new",
			func() { s.Set(edited(t, find(t, final, webService), label("v", "2"))) }, toHost, []string{"ML201", "ML401"}, 2},
		{"and then cached again", nil, toHost, []string{"ML201", "ML401"}, 3},
		{"an oldObject of another version than the snapshot's is not the snapshot's state",
			func() {
				s.Set(edited(t, stored, func(b map[string]any) { b["metadata"].(map[string]any)["resourceVersion"] = "2" }))
			},
			toHost, []string{"ML201", "ML401"}, 3},
		{"and is evaluated each time", nil, toHost, []string{"ML201", "ML401"}, 3},
	}
	for _, st := range steps {
		if st.change != nil {
			st.change()
		}
		v := check(t, e, s, st.req)
		if !slices.Equal(slices.Sorted(slices.Values(v.Errors)), st.errors) {
			t.Errorf("%s: errors %v, want %v", st.sentence, v.Errors, st.errors)
		}
		if got := e.before.hits.Load(); got != st.hits {
			t.Errorf("%s: %d cache hits, want %d", st.sentence, got, st.hits)
		}
	}
}

func TestTheCacheIsBounded(t *testing.T) {
	c := newBeforeCache()
	objs := load(t, finalStack)
	for i := range maxCached + 10 {
		state := append(slices.Clone(objs), yamlObject(t, nginxProxy(fmt.Sprintf("ns-%d", i), "a.b")))
		_, h := c.get(state)
		c.put(h, state, &validate.Result{})
	}
	if n := len(c.entries); n > maxCached {
		t.Errorf("%d entries, more than %d", n, maxCached)
	}
}
