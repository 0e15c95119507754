package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
)

// FuzzAdmissionReview: whatever the body and whatever the API server's
// timeout in the URL, both webhooks answer with an AdmissionReview and
// never panic (controller-runtime would recover a panic into a 500 naming
// it; that counts as a failure here). The real engine judges the field
// report's stack, within the request's deadline and an evaluation slot:
// an answer of HTTP 503 is the deadline answer (a Status), counted, and
// nothing else.
func FuzzAdmissionReview(f *testing.F) {
	for _, timeout := range []string{"10s", "1ms", ""} {
		f.Add(review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader}.json(f), timeout)
	}
	f.Add(review{op: "DELETE", group: "security.istio.io", kind: "PeerAuthentication", ns: "a", name: "p", old: map[string]any{"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication"}}.json(f), "2s")
	f.Add(review{op: "UPDATE", kind: "Pod", ns: "a", name: "p", object: ownedPod("ReplicaSet"), old: ownedPod("ReplicaSet")}.json(f), "30s")
	f.Add([]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","kind":{"kind":"Service"},"operation":"CREATE","object":null}}`), "1s")
	f.Add([]byte(`{"request":{"uid":"1","kind":{"kind":"Service","version":"v1"},"operation":"CREATE","object":{"apiVersion":1}}}`), "-1s")
	f.Add([]byte(`{`), "soon")
	f.Add([]byte{}, "0")
	engine, store := realEngine(f), fieldReportStore(f)
	f.Fuzz(func(t *testing.T, body []byte, timeout string) {
		h := newTestHandlers(t, engine)
		h.State, h.DeadlineMargin, h.slots = store, DefaultDeadlineMargin, newSlots(2, h.Metrics)
		for _, r := range routes(h) {
			req := httptest.NewRequest(http.MethodPost, r.path+"?timeout="+url.QueryEscape(timeout), bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.serve(r, 1<<20).ServeHTTP(rec, req)
			out, msg := answerOf(t, rec)
			if out.Result != nil && strings.Contains(out.Result.Message, "[recovered]") {
				t.Fatalf("%s panicked: %s", r.path, out.Result.Message)
			}
			givenUp := testutil.ToFloat64(h.Metrics.GivenUp.WithLabelValues(r.name, reasonDeadline)) + testutil.ToFloat64(h.Metrics.GivenUp.WithLabelValues(r.name, reasonQueue))
			if rec.Code == http.StatusServiceUnavailable && (givenUp == 0 || !strings.Contains(msg, "meshlint did not check this change")) {
				t.Fatalf("%s: HTTP 503 that is not the counted deadline answer: %s", r.path, msg)
			}
		}
	})
}

// realEngine is the admission engine with the default config.
func realEngine(tb testing.TB) *admission.Engine {
	tb.Helper()
	e, err := admission.New(config.Default(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// fieldReportStore is the field report's final stack as the informers
// hold it.
func fieldReportStore(tb testing.TB) *admission.Store {
	tb.Helper()
	store := admission.NewStore()
	res := manifest.Load([]string{filepath.Join(repoRootFromPkg, "testdata", "field-report", "final", "stack.yaml")}, manifest.Options{})
	if len(res.Errors) > 0 || len(res.Objects) == 0 {
		tb.Fatalf("load the field report: %v", res.Errors)
	}
	for _, o := range res.Objects {
		u := mustUnstructured(tb, o.Body)
		out, _ := transform(u)
		mirror{store}.OnAdd(out, true)
	}
	return store
}
