package webhook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/manifest"
)

// BenchmarkAdmissionHTTP10k is the whole admission path as the API server
// drives it, minus TLS: an AdmissionReview body through the HTTP guard,
// controller-runtime's decoding, the handler and the real engine, over a
// 10,000-object cluster state loaded as the informers load it (JSON
// decoded to unstructured, transformed, wrapped). cold: another object of
// the namespace changed since the last request (untimed), so both states
// are evaluated; warm: the same request again (a dry-run then the apply).
func BenchmarkAdmissionHTTP10k(b *testing.B) {
	TuneGC() // as cmd/webhook serves
	store := informerStore(b, 10000)
	b.Logf("%d objects in %d namespaces", len(store.Objects(store.Namespaces())), len(store.Namespaces()))
	ns := "app-00042" // a correct copy
	objs := store.Objects([]string{ns})
	svc, cm, was := pick(b, objs, "Service", "web-service"), pick(b, objs, "ConfigMap", "web-nginx-config"), pick(b, objs, "Deployment", "was")
	relabel := func(o map[string]any) map[string]any {
		c := deepCopy(o)
		c["metadata"].(map[string]any)["labels"] = map[string]any{"tier": "front"}
		return c
	}
	hostHeader := func(o map[string]any) map[string]any {
		c := deepCopy(o)
		for k, v := range c["data"].(map[string]any) {
			c["data"].(map[string]any)[k] = strings.Replace(v.(string), "proxy_set_header Host was-service;", "proxy_set_header Host $host;", 1)
		}
		return c
	}
	cases := []struct {
		name    string
		review  review
		allowed bool
	}{
		{"Service-label", review{op: "UPDATE", kind: "Service", ns: ns, name: "web-service", object: relabel(svc.Body), old: svc.Body}, true},
		{"ConfigMap-Host-denied", review{op: "UPDATE", kind: "ConfigMap", ns: ns, name: "web-nginx-config", object: hostHeader(cm.Body), old: cm.Body}, false},
	}
	eng, err := admission.New(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := newTestHandlers(b, eng)
	h.State = store
	srv := h.serve(routeOf(b, h, webhookValidate), DefaultMaxBodyBytes)
	for _, tc := range cases {
		body := tc.review.json(b)
		for _, warm := range []bool{false, true} {
			b.Run(tc.name+"/"+map[bool]string{false: "cold", true: "warm"}[warm], func(b *testing.B) {
				var lat []time.Duration
				for b.Loop() {
					if !warm {
						b.StopTimer()
						store.Set(was) // another object of the namespace changed
						b.StartTimer()
					}
					start := time.Now()
					req := httptest.NewRequest(http.MethodPost, "/validate", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					rec := httptest.NewRecorder()
					srv.ServeHTTP(rec, req)
					lat = append(lat, time.Since(start))
					if r := decodeReview(b, rec.Body.Bytes()).Response; r.Allowed != tc.allowed {
						b.Fatalf("answer %+v", r.Result)
					}
				}
				percentiles(b, lat)
			})
		}
	}
}

// informerStore loads the corpus as the informers do.
func informerStore(b testing.TB, n int) *admission.Store {
	b.Helper()
	s := admission.NewStore()
	m := mirror{s}
	objs, err := corpus.Objects(n)
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range objs {
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(mustJSON(b, o.Body)); err != nil {
			b.Fatal(err)
		}
		u.SetResourceVersion("1")
		if u.GetNamespace() == "" && o.Kind != "Namespace" && o.Kind != "IngressClass" {
			u.SetNamespace("default")
		}
		t, _ := transform(u)
		m.OnAdd(t, true)
	}
	return s
}

func pick(b *testing.B, objs []*manifest.Object, kind, name string) *manifest.Object {
	for _, o := range objs {
		if o.Kind == kind && o.Name == name {
			return o
		}
	}
	b.Fatalf("no %s %s", kind, name)
	return nil
}

func deepCopy(m map[string]any) map[string]any {
	var out map[string]any
	b, _ := json.Marshal(m)
	_ = json.Unmarshal(b, &out)
	return out
}

func percentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// BenchmarkHandlerOverhead is what the webhook adds to the engine: the
// HTTP guard, controller-runtime's decoding and encoding, the screening
// (decodeHead), metrics and logs, with an engine that answers at once.
func BenchmarkHandlerOverhead(b *testing.B) {
	h := newTestHandlers(b, &fakeEngine{validate: func(admission.Request) (admission.Verdict, error) {
		return admission.Verdict{Allowed: true, Warnings: []string{"ML104: no DestinationRule pins mTLS"}}, nil
	}})
	srv := h.serve(routeOf(b, h, webhookValidate), DefaultMaxBodyBytes)
	body := review{op: "UPDATE", kind: "ConfigMap", ns: "blog-system", name: "web-nginx-config", object: nginxHostHeader, old: nginxHostHeader}.json(b)
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		req := httptest.NewRequest(http.MethodPost, "/validate", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		srv.ServeHTTP(httptest.NewRecorder(), req)
		lat = append(lat, time.Since(start))
	}
	percentiles(b, lat)
}
