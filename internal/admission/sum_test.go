package admission

import (
	"context"
	"maps"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// TestContentSum: the sum tells bodies apart by every value but
// metadata.resourceVersion and metadata.uid, whatever the order maps were
// built in.
func TestContentSum(t *testing.T) {
	body := func(rv string, edit func(map[string]any)) *manifest.Object {
		m := map[string]any{"apiVersion": "v1", "kind": "Service",
			"metadata": map[string]any{"name": "web", "namespace": "a", "resourceVersion": rv, "labels": map[string]any{"app": "web", "tier": "front"}},
			"spec":     map[string]any{"ports": []any{map[string]any{"port": int64(80), "name": "http"}}, "resourceVersion": "1"}}
		if edit != nil {
			edit(m)
		}
		return &manifest.Object{Body: m}
	}
	base := contentSum(body("1", nil))
	if base == ([2]uint64{}) {
		t.Fatal("a zero sum")
	}
	if s := contentSum(body("2", nil)); s != base {
		t.Error("metadata.resourceVersion changes the sum")
	}
	if s := contentSum(body("1", func(m map[string]any) { m["metadata"].(map[string]any)["uid"] = "6f1c" })); s != base {
		t.Error("metadata.uid changes the sum")
	}
	reordered := body("1", func(m map[string]any) {
		m["metadata"].(map[string]any)["labels"] = map[string]any{"tier": "front", "app": "web"}
	})
	if contentSum(reordered) != base {
		t.Error("the order of a map's keys changes the sum")
	}
	float := body("1", func(m map[string]any) { // as encoding/json decodes it
		m["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any)["port"] = float64(80)
	})
	if contentSum(float) != base {
		t.Error("80 as a float64 changes the sum")
	}
	for name, edit := range map[string]func(map[string]any){
		"spec.resourceVersion": func(m map[string]any) { m["spec"].(map[string]any)["resourceVersion"] = "2" },
		"an owner's uid": func(m map[string]any) {
			m["metadata"].(map[string]any)["ownerReferences"] = []any{map[string]any{"kind": "Deployment", "name": "web", "uid": "6f1c"}}
		},
		"a label": func(m map[string]any) { m["metadata"].(map[string]any)["labels"].(map[string]any)["tier"] = "back" },
		"a port as a string": func(m map[string]any) {
			m["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any)["port"] = "80"
		},
		"a value moved to another key": func(m map[string]any) {
			p := m["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any)
			p["name"], p["port"] = int64(80), "http"
		},
		"a status": func(m map[string]any) { m["status"] = map[string]any{} },
		"a port of 80.5": func(m map[string]any) {
			m["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any)["port"] = 80.5
		},
	} {
		if contentSum(body("1", edit)) == base {
			t.Errorf("%s: the same sum", name)
		}
	}
}

// TestAResourceVersionOnlyUpdateLeavesTheState: an update that moves
// only an object's resourceVersion (what a status update is once the
// informers strip the status) is no change of the state: the Store's
// count stays, and a mesh-wide change takes the state before it from the
// cache; a label is a change.
func TestAResourceVersionOnlyUpdateLeavesTheState(t *testing.T) {
	s, e := warmEverywhere(t, 300)
	ctx := context.Background()
	pa := find(t, s.Objects([]string{"istio-system"}), meshWidePA)
	req := request(t, Update, pa, edited(t, pa, strictMTLS))
	was := find(t, s.Objects([]string{"app-00007"}), "Deployment/app-00007/was")
	for _, step := range []struct {
		name    string
		edit    func(map[string]any)
		changed bool
	}{
		{"resourceVersion", func(m map[string]any) { m["metadata"].(map[string]any)["resourceVersion"] = "999" }, false},
		{"label", label("touched", "1"), true},
	} {
		changes, hits := s.Changes(), e.states.hits.Load()
		s.Set(edited(t, was, step.edit))
		if moved := s.Changes() != changes; moved != step.changed {
			t.Errorf("%s: the Store's count moved: %v", step.name, moved)
		}
		if _, err := e.Validate(ctx, s, req); err != nil {
			t.Fatal(err)
		}
		if cached := e.states.hits.Load() == hits+1; cached == step.changed {
			t.Errorf("%s: the state before from the cache: %v", step.name, cached)
		}
	}
}

// BenchmarkContentSum is what the Store adds to each Set, per object of
// the corpus.
func BenchmarkContentSum(b *testing.B) {
	s := corpusStore(b, 1000)
	objs := s.Objects(s.Namespaces())
	b.ResetTimer()
	for b.Loop() {
		for _, o := range objs {
			contentSum(o)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
}

// A request's object is keyed as the informers will hold it, but for a
// ConfigMap whose values Bound cuts (a snippet with a syntax error keeps
// only its URLs there, and the evaluation reports the request's own
// error): two such snippets are two states.
func TestARequestIsKeyedAsItWillBeStoredUnlessBoundCutsIt(t *testing.T) {
	cm := func(conf string, extra map[string]any) *manifest.Object {
		o := yamlObject(t, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\ndata:\n  a.conf: x\n")
		o.Body["data"] = map[string]any{"a.conf": conf}
		maps.Copy(o.Body["metadata"].(map[string]any), extra)
		return o
	}
	managed := map[string]any{"managedFields": []any{map[string]any{"manager": "kubectl"}}}
	whole := "location / { proxy_pass http://a.b:80; }"
	for _, tc := range []struct {
		name string
		a, b *manifest.Object
		same bool
	}{
		{"managed fields", cm(whole, nil), cm(whole, managed), true},
		{"two snippets with other syntax errors", cm("proxy_pass http://a.b:80 {", nil), cm("proxy_pass http://a.b:80 }", nil), false},
		{"data that is not a string", cm(whole, nil), func() *manifest.Object {
			o := cm(whole, nil)
			o.Body["data"].(map[string]any)["b"] = map[string]any{"nested": "x"}
			return o
		}(), false},
	} {
		if same := requestSum(tc.a) == requestSum(tc.b); same != tc.same {
			t.Errorf("%s: the same key: %v, want %v", tc.name, same, tc.same)
		}
	}
}
