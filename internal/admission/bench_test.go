package admission

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/manifest"
)

// corpusStore is a 10,000-object cluster state: the corpus's copies of the
// stack, one namespace each, some broken in each rule's way. The objects
// are held as the webhook holds them: maps from the informer cache
// (ObjectFromMap), without the loader's positions.
func corpusStore(b *testing.B, n int) *Store { return corpusStoreT(b, n) }

func corpusStoreT(b testing.TB, n int) *Store {
	b.Helper()
	s := NewStore()
	objs, err := corpus.Objects(n)
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range objs {
		o := ObjectFromMap(o.Body)
		o.Body["metadata"].(map[string]any)["resourceVersion"] = "1"
		s.Set(o)
	}
	return s
}

// BenchmarkValidate10k measures the admission path (decode, scope, both
// evaluations, diff) for one UPDATE in one namespace of a 10,000-object
// cluster state, and reports the latency percentiles. cold: the namespace
// changed since the last request (an object in it replaced, untimed), as
// in a stream of applies, so both states are evaluated; warm: the same
// request again on an unchanged state (a retry, a dry-run then the apply),
// so the state before comes from the engine's cache.
func BenchmarkValidate10k(b *testing.B) {
	s := corpusStore(b, 10000)
	b.Logf("%d objects in %d namespaces", s.Len(), len(s.Namespaces()))
	ns := "app-00042" // a correct copy
	objs := s.Objects([]string{ns})
	svc := find(b, objs, "Service/"+ns+"/web-service")
	cm := find(b, objs, "ConfigMap/"+ns+"/web-nginx-config")
	was := find(b, objs, "Deployment/"+ns+"/was")
	cases := []struct {
		name    string
		req     Request
		allowed bool
	}{
		{"Service-label", request(b, Update, svc, edited(b, svc, label("tier", "front"))), true},
		{"ConfigMap-label", request(b, Update, cm, edited(b, cm, label("tier", "front"))), true},
		{"ConfigMap-Host-denied", request(b, Update, cm, edited(b, cm, hostHeader)), false},
	}
	e := engine(b, "")
	for _, tc := range cases {
		for _, warm := range []bool{false, true} {
			b.Run(tc.name+"/"+map[bool]string{false: "cold", true: "warm"}[warm], func(b *testing.B) {
				var lat []time.Duration
				for b.Loop() {
					if !warm {
						b.StopTimer()
						s.Set(ObjectFromMap(was.Body)) // another object of the namespace changed
						b.StartTimer()
					}
					start := time.Now()
					v, err := e.Validate(context.Background(), s, tc.req)
					lat = append(lat, time.Since(start))
					if err != nil || v.Allowed != tc.allowed {
						b.Fatalf("verdict %+v, %v", v, err)
					}
				}
				reportPercentiles(b, lat)
			})
		}
	}
}

// The state sizes BenchmarkValidateMeshWide and BenchmarkValidateNamespace
// run on; each size's Store is built when its sub-benchmarks run and let go
// after them (100k objects are about a gigabyte of maps).
var stateSizes = []struct {
	name string
	n    int
}{{"10k", 10_000}, {"50k", 50_000}, {"100k", 100_000}}

// benchCase is one request of a sized benchmark: cold, the state changed
// since the last request (touch replaces an object, untimed). setup, when
// set, changes the state before the case runs, for it and the cases
// after it; the engine then evaluates the state again (Warm), as the
// webhook does once the cluster is quiet.
type benchCase struct {
	name    string
	req     Request
	allowed bool
	touch   *manifest.Object
	setup   func(s *Store)
	vary    func(i int) Request // the i-th request instead of req
}

// BenchmarkValidateMeshWide is the other end of BenchmarkValidate10k: a
// change in the root namespace. label: a label of the mesh-wide
// PeerAuthentication, which nothing reads (inert.go: not evaluated);
// addon: a dashboard of Grafana, which Istio's samples/addons install in
// the root namespace, redrawn (scope_meshwide.go rootWide: scoped as in
// any namespace);
// mode: its mode, which the model reads, made STRICT (the corpus's is
// PERMISSIVE already; every copy's own PeerAuthentication sets its
// namespace's mode, so the change reaches the namespaces without one
// (scope_meshwide.go) and is allowed), on a state that changed since the
// last evaluation (both states modelled) and on a quiet one (the state
// before from the cache). mode-everywhere: the same change once the
// copies' own PeerAuthentications are deleted, so that it reaches every
// namespace and both evaluations cover the whole cluster state; STRICT
// everywhere behind the corpus's unmeshed ingress controller is denied
// (ML101); mode-everywhere-quiet: that change asked again on a cluster
// quiet since (a dry run and then the change): answered from the cache of
// answers (verdicts.go); mode-everywhere-fresh: that change, new each
// time (the PeerAuthentication also gets an annotation naming the
// request), on a cluster quiet since the last evaluation: the state
// before comes from the cache and only the state after is modelled, its
// fact items known to the memo (what a mesh-wide change costs where
// nothing else changed just before it).
func BenchmarkValidateMeshWide(b *testing.B) {
	sized(b, func(b *testing.B, s *Store) []benchCase {
		pa := find(b, s.Objects([]string{"istio-system"}), meshWidePA)
		was := find(b, s.Objects([]string{"app-00042"}), "Deployment/app-00042/was")
		strict := edited(b, pa, strictMTLS)
		dashboards := ObjectFromMap(map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
			"metadata": map[string]any{"name": "grafana-dashboards", "namespace": "istio-system", "resourceVersion": "1"},
			"data":     map[string]any{"mesh.json": `{"title": "mesh"}`}})
		redrawn := edited(b, dashboards, func(body map[string]any) { body["data"] = map[string]any{"mesh.json": `{"title": "mesh v2"}`} })
		return []benchCase{
			{"label", request(b, Update, pa, edited(b, pa, label("tier", "mesh"))), true, was, nil, nil},
			{"mode", request(b, Update, pa, strict), true, was, nil, nil},
			{"mode-quiet", request(b, Update, pa, strict), true, nil, nil, nil},
			{"addon", request(b, Update, dashboards, redrawn), true, was, func(s *Store) { s.Set(dashboards) }, nil},
			{"mode-everywhere", request(b, Update, pa, strict), false, was, deleteNamespacePeerAuths, nil},
			{"mode-everywhere-quiet", request(b, Update, pa, strict), false, nil, nil, nil},
			{"mode-everywhere-fresh", Request{}, false, nil, nil, func(i int) Request {
				return request(b, Update, pa, edited(b, pa, func(body map[string]any) {
					strictMTLS(body)
					body["metadata"].(map[string]any)["annotations"] = map[string]any{"bench.meshlint.io/request": strconv.Itoa(i)}
				}))
			}},
		}
	})
}

// strictMTLS makes a PeerAuthentication's spec STRICT, and only that.
func strictMTLS(body map[string]any) {
	body["spec"] = map[string]any{"mtls": map[string]any{"mode": "STRICT"}}
}

// deleteNamespacePeerAuths deletes every PeerAuthentication outside the
// root namespace.
func deleteNamespacePeerAuths(s *Store) {
	for _, o := range s.Objects(s.Namespaces()) {
		if o.Kind == "PeerAuthentication" && o.Namespace != "istio-system" {
			s.Delete(o.Ref())
		}
	}
}

// BenchmarkValidateNamespace is one namespace's change at each state size:
// its latency should not grow with the cluster. label: a label of a
// Service of a correct copy; host-denied: its nginx ConfigMap's Host
// header flipped to $host (ML201, denied).
func BenchmarkValidateNamespace(b *testing.B) {
	sized(b, func(b *testing.B, s *Store) []benchCase {
		ns := "app-00042" // a correct copy
		objs := s.Objects([]string{ns})
		svc := find(b, objs, "Service/"+ns+"/web-service")
		cm := find(b, objs, "ConfigMap/"+ns+"/web-nginx-config")
		was := find(b, objs, "Deployment/"+ns+"/was")
		return []benchCase{
			{"label", request(b, Update, svc, edited(b, svc, label("tier", "front"))), true, was, nil, nil},
			{"host-denied", request(b, Update, cm, edited(b, cm, hostHeader)), false, was, nil, nil},
		}
	})
}

// sized runs the cases per state size, on an engine that has evaluated
// the loaded state as the webhook does once ready (Warm). Cold: before
// each timed request the case's touch object is replaced by a copy with
// a new label, so the state changed since the last evaluation (a copy
// that changes nothing but its resourceVersion would leave the state as
// it was: sum.go); a case without one (quiet) runs on a state that did
// not. The collector runs at the webhook's setting (ServingGCPercent).
func sized(b *testing.B, cases func(b *testing.B, s *Store) []benchCase) {
	if os.Getenv("GOGC") == "" { // as the webhook serves (webhook.TuneGC)
		defer debug.SetGCPercent(debug.SetGCPercent(ServingGCPercent))
	}
	for _, size := range stateSizes {
		b.Run(size.name, func(b *testing.B) {
			s := corpusStore(b, size.n)
			e, err := New(nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			if err := e.Warm(context.Background(), s); err != nil {
				b.Fatal(err)
			}
			for _, tc := range cases(b, s) {
				if tc.setup != nil { // then warmed again, as the webhook does once the cluster is quiet
					tc.setup(s)
					if err := e.Warm(context.Background(), s); err != nil {
						b.Fatal(err)
					}
				}
				b.Run(tc.name, func(b *testing.B) { runCold(b, e, s, tc, size.n) })
			}
		})
	}
}

// minSamples is the fewest requests a case's percentiles come from: a
// change that reaches every namespace of a large state takes about a
// second, so the benchmark's time budget runs it once or twice, and a
// p99 of one request is no percentile. The requests past the budget are
// timed the same way, outside b.Loop (ns/op is b.Loop's alone).
const minSamples = 10

// runCold times tc's request; besides the percentiles it reports the
// median per object of the state (us/object), which is flat for a change
// whose scope does not grow with the cluster.
func runCold(b *testing.B, e *Engine, s *Store, tc benchCase, objects int) {
	var lat []time.Duration
	for b.Loop() {
		if tc.touch != nil || tc.vary != nil {
			b.StopTimer()
			tc = touch(b, s, tc, len(lat))
			b.StartTimer()
		}
		lat = append(lat, timeCold(b, e, s, tc))
	}
	for len(lat) < minSamples { // b.Loop's timer has stopped
		tc = touch(b, s, tc, len(lat))
		lat = append(lat, timeCold(b, e, s, tc))
	}
	p50 := reportPercentiles(b, lat)
	b.ReportMetric(p50*1000/float64(objects), "us/object")
	b.ReportMetric(float64(len(lat)), "requests") // the percentiles' (benchreport)
}

// touch changes the state before the i-th request of a case that says
// so (another object of the namespace changed), and makes its request.
func touch(b *testing.B, s *Store, tc benchCase, i int) benchCase {
	if tc.touch != nil {
		s.Set(edited(b, tc.touch, label("touched", strconv.Itoa(i))))
	}
	if tc.vary != nil {
		tc.req = tc.vary(i)
	}
	return tc
}

// timeCold times one request of tc.
func timeCold(b *testing.B, e *Engine, s *Store, tc benchCase) time.Duration {
	start := time.Now()
	v, err := e.Validate(context.Background(), s, tc.req)
	took := time.Since(start)
	if err != nil || v.Allowed != tc.allowed {
		b.Fatalf("verdict %+v, %v", v, err)
	}
	return took
}

// reportPercentiles reports the p50 and p99 latencies and returns the
// p50 in milliseconds.
func reportPercentiles(b *testing.B, lat []time.Duration) float64 {
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	return at(0.50)
}

// hostHeader makes the nginx config send the client's Host header on.
func hostHeader(body map[string]any) {
	data := body["data"].(map[string]any)
	for k, v := range data {
		data[k] = replaceHost(v.(string))
	}
}

func replaceHost(s string) string {
	const good, bad = "proxy_set_header Host was-service;", "proxy_set_header Host $host;"
	for i := 0; i+len(good) <= len(s); i++ {
		if s[i:i+len(good)] == good {
			return s[:i] + bad + s[i+len(good):]
		}
	}
	panic(fmt.Sprintf("no %q in the corpus's nginx config", good))
}
