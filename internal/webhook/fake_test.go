package webhook

import (
	"context"
	"encoding/json"
	"sort"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/manifest"
)

// fakeEngine answers with canned verdicts and records the requests it saw.
type fakeEngine struct {
	mu       sync.Mutex
	seen     []admission.Request
	validate func(admission.Request) (admission.Verdict, error)
	mutate   func(admission.Request) (admission.Mutation, error)
}

func (e *fakeEngine) Validate(_ context.Context, _ admission.Snapshot, req admission.Request) (admission.Verdict, error) {
	e.record(req)
	if e.validate == nil {
		return admission.Verdict{Allowed: true}, nil
	}
	return e.validate(req)
}

func (e *fakeEngine) Mutate(_ context.Context, _ admission.Snapshot, req admission.Request) (admission.Mutation, error) {
	e.record(req)
	if e.mutate == nil {
		return admission.Mutation{}, nil
	}
	return e.mutate(req)
}

func (e *fakeEngine) record(req admission.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seen = append(e.seen, req)
}

func (e *fakeEngine) requests() []admission.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]admission.Request(nil), e.seen...)
}

// fakeStore is a map of objects; the Snapshot queries the handlers never
// make are left to the nil interface.
type fakeStore struct {
	admission.Snapshot
	mu   sync.Mutex
	objs map[manifest.Ref]*manifest.Object
}

func newFakeStore() *fakeStore { return &fakeStore{objs: map[manifest.Ref]*manifest.Object{}} }

func (s *fakeStore) Set(o *manifest.Object) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.objs[o.Ref()] = o
}

func (s *fakeStore) Delete(r manifest.Ref) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.objs, r)
}

func (s *fakeStore) refs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for r := range s.objs {
		out = append(out, r.String())
	}
	sort.Strings(out)
	return out
}

func (s *fakeStore) get(r manifest.Ref) *manifest.Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.objs[r]
}

// newTestHandlers returns handlers over a fresh registry, ready.
func newTestHandlers(t testing.TB, e Engine) *Handlers {
	t.Helper()
	m, err := NewMetrics(prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return &Handlers{Engine: e, State: newFakeStore(), Ready: func() bool { return true }, Metrics: m, Mutate: true}
}

// mustJSON marshals v or fails the test.
func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Short names for the engine's types in test literals.
type (
	admissionRequest = admission.Request
	admissionVerdict = admission.Verdict
)

func mustUnstructured(t testing.TB, body map[string]any) *unstructured.Unstructured {
	t.Helper()
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(mustJSON(t, body)); err != nil {
		t.Fatal(err)
	}
	return u
}
