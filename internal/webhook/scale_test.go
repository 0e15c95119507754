package webhook

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/meshlint/meshlint/internal/admission"
)

// TestAMeshWideChangeIsJudgedWithinTheTimeoutAt50kObjects: the webhook's
// Store fed 50,000 objects through the informer path (decoded to
// unstructured, transformed, mirrored), the engine warmed as the webhook
// warms it once ready, then the mesh-wide PeerAuthentication made STRICT,
// a change that reaches every namespace, sent through the HTTP guard with
// the chart's timeout (timeoutSeconds 5, as the API server appends it):
// it is judged, not given up at the deadline (the webhook's own deadline
// answers at 4.5 s whatever the machine).
func TestAMeshWideChangeIsJudgedWithinTheTimeoutAt50kObjects(t *testing.T) {
	n := 50000
	if testing.Short() { // make test-unit: the same path on a smaller state
		n = 10000
	}
	TuneGC() // as cmd/webhook serves
	store := informerStore(t, n)
	eng, err := admission.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := eng.Warm(context.Background(), store); err != nil { // as keepWarm does once ready
		t.Fatal(err)
	}
	h := newTestHandlers(t, eng)
	h.State = store
	srv := h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes)
	var pa map[string]any
	for _, o := range store.Objects([]string{"istio-system"}) {
		if o.Kind == "PeerAuthentication" && o.Name == "default" {
			pa = o.Body
		}
	}
	strict := deepCopy(pa)
	strict["spec"] = map[string]any{"mtls": map[string]any{"mode": "STRICT"}}
	body := review{op: "UPDATE", group: "security.istio.io", kind: "PeerAuthentication", ns: "istio-system", name: "default",
		object: strict, old: pa}.json(t)
	req := httptest.NewRequest(http.MethodPost, "/validate?timeout=5s", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	start := time.Now()
	srv.ServeHTTP(rec, req)
	took := time.Since(start)
	r := decodeReview(t, rec.Body.Bytes()).Response
	if given := testutil.CollectAndCount(h.Metrics.GivenUp); given != 0 || r == nil || !r.Allowed {
		t.Fatalf("after %v: given up %v times; response %+v", took, given, r)
	}
	t.Logf("%d objects: the mesh-wide change judged in %v (memo %d items)", store.Len(), took.Round(time.Millisecond), eng.MemoItems())
}
