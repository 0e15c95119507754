package webhook

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/corpus"
)

// BenchmarkWebhookMemory is the chart's sizing figure (charts/webhook
// README "Sizing"): the heap the webhook holds for a cluster of n
// objects, the benchmark corpus's copies of the stack loaded as the
// informers load them. held-MiB is the informer cache's copies (the
// transformed objects, kept here as the cache's indexer keeps them) and
// the Store's, live after a GC; engine-MiB is the engine alone (the
// compiled policies), before any object; peak-MiB is the most the heap
// held during one mesh-wide change, collecting as the webhook serves
// (TuneGC; no GOMEMLIMIT): the root namespace's PeerAuthentication made
// STRICT where no namespace sets its own mode, which makes both
// evaluations model the whole state. It runs once per size, whatever b.N.
// What the process held before (the benchmarks run before this one in
// `go test -bench=.`, which may keep their engine and Store) is not
// counted.
func BenchmarkWebhookMemory(b *testing.B) {
	TuneGC() // as cmd/webhook serves
	before := liveHeap()
	for _, n := range []int{10000, 50000, 100000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			engine, err := admission.New(nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			base := liveHeap()
			cached, store := informerCopies(b, n)
			held := liveHeap()
			if err := engine.Warm(context.Background(), store); err != nil {
				b.Fatal(err)
			}
			warm := liveHeap()
			peak := peakDuring(func() { meshWideChange(b, engine, store) })
			if err := engine.Settle(context.Background()); err != nil { // nothing left for the next size
				b.Fatal(err)
			}
			for b.Loop() { // the figures are from the one pass above
			}
			b.ReportMetric(mib(base-min(before, base)), "engine-MiB")
			b.ReportMetric(mib(held-base), "held-MiB")
			b.ReportMetric(float64(held-base)/float64(len(cached)), "held-B/object")
			b.ReportMetric(mib(warm-held), "memo-MiB")
			b.ReportMetric(mib(peak), "peak-MiB")
			b.Logf("%d objects: engine %.0f MiB, cache and Store %.0f MiB (%.0f B/object), memo %.0f MiB (%d items), peak %.0f MiB during a mesh-wide change",
				len(cached), mib(base-min(before, base)), mib(held-base), float64(held-base)/float64(len(cached)), mib(warm-held), engine.MemoItems(), mib(peak))
			runtime.KeepAlive(cached)
		})
	}
}

// informerCopies loads n corpus objects as the informers do: the cache's
// transformed copy, and the Store's; without the copies'
// PeerAuthentications, so that the mesh-wide one decides every
// namespace's mode and a change of it models the whole state
// (admission/scope_meshwide.go).
func informerCopies(b *testing.B, n int) ([]*unstructured.Unstructured, *admission.Store) {
	objs, err := corpus.Objects(n)
	if err != nil {
		b.Fatal(err)
	}
	store := admission.NewStore()
	m := mirror{store}
	cached := make([]*unstructured.Unstructured, 0, len(objs))
	for _, o := range objs {
		if o.Kind == "PeerAuthentication" && o.Namespace != "istio-system" {
			continue // no namespace sets its own mode: a mesh-wide change models every one
		}
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(mustJSON(b, o.Body)); err != nil {
			b.Fatal(err)
		}
		u.SetResourceVersion("1")
		t, _ := transform(u)
		cached = append(cached, t.(*unstructured.Unstructured))
		m.OnAdd(t, true)
	}
	return cached, store
}

// meshWideChange validates the mesh-wide PeerAuthentication made STRICT.
func meshWideChange(b *testing.B, e *admission.Engine, s *admission.Store) {
	if _, err := e.Validate(context.Background(), s, meshWideModeChange(b, s)); err != nil {
		b.Fatal(err)
	}
}

// meshWideModeChange is the request making the corpus's mesh-wide
// PeerAuthentication STRICT.
func meshWideModeChange(t testing.TB, s *admission.Store) admission.Request {
	t.Helper()
	var pa map[string]any
	for _, o := range s.Objects([]string{"istio-system"}) {
		if o.Kind == "PeerAuthentication" && o.Name == "default" {
			pa = o.Body
		}
	}
	if pa == nil {
		t.Fatal("no mesh-wide PeerAuthentication in the corpus")
	}
	edited := deepCopy(pa)
	edited["spec"] = map[string]any{"mtls": map[string]any{"mode": "STRICT"}}
	return admission.Request{UID: "mem", Operation: admission.Update, Namespace: "istio-system", Name: "default",
		Kind: "PeerAuthentication", Object: mustJSON(t, edited), OldObject: mustJSON(t, pa)}
}

const heapObjects = "/memory/classes/heap/objects:bytes"

// liveHeap is the heap's live bytes after two full collections: the
// first leaves what the sync.Pools held in their victim caches (the
// policy engine's, encoding/json's), which the second drops, as the
// collections of a webhook at rest do.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	return heapNow()
}

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapObjects}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// peakDuring samples the heap every millisecond while f runs and returns
// the most it held (live and not yet collected: what the process needs).
func peakDuring(f func()) uint64 {
	runtime.GC()
	done, peak := make(chan struct{}), heapNow()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				peak = max(peak, heapNow())
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return max(peak, heapNow())
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }
