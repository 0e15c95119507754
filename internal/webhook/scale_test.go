package webhook

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"

	"github.com/meshlint/meshlint/internal/admission"
)

// TestAMeshWideChangeIsJudgedWithinTheTimeoutAt50kObjects: the webhook's
// Store fed 50,000 objects through the informer path (decoded to
// unstructured, transformed, mirrored), the engine warmed as the webhook
// warms it once ready, then the mesh-wide PeerAuthentication made STRICT,
// sent through the HTTP guard with the API server's timeout appended.
// First with the chart's timeout (timeoutSeconds 5) on the corpus as it
// is, where every copy sets its own mode: the change reaches the
// namespaces that read the mesh-wide mode (admission/scope_meshwide.go)
// and is admitted. Then the copies' PeerAuthentications are deleted
// (informer delete events) and the state warmed again, so that no
// namespace sets its own mode and the change reaches every namespace, the
// costliest change there is; with timeoutSeconds 10 (the chart's advice
// for clusters this size where the mesh-wide policy decides every
// namespace) it is judged, not given up at the deadline, and denied,
// since STRICT everywhere breaks the hops from the corpus's unmeshed
// ingress controller (ML101).
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
	h := newTestHandlers(t, eng)
	h.State = store
	srv := h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes)
	r, took := strictMesh(t, eng, store, srv, "5s")
	if given := testutil.CollectAndCount(h.Metrics.GivenUp); given != 0 || r == nil || !r.Allowed {
		t.Fatalf("after %v: given up %v times; response %+v", took, given, r)
	}
	t.Logf("%d objects, every namespace setting its mode: the mesh-wide change admitted in %v", store.Len(), took.Round(time.Millisecond))
	for _, o := range store.Objects(store.Namespaces()) {
		if o.Kind == "PeerAuthentication" && o.Namespace != "istio-system" {
			store.Delete(o.Ref())
		}
	}
	r, took = strictMesh(t, eng, store, srv, "10s")
	if given := testutil.CollectAndCount(h.Metrics.GivenUp); given != 0 || r == nil || r.Allowed || r.Result == nil ||
		!strings.Contains(r.Result.Message, "ML101") {
		t.Fatalf("after %v: given up %v times; response %+v", took, given, r)
	}
	t.Logf("%d objects, none setting its mode: the mesh-wide change judged in %v (memo %d items)", store.Len(), took.Round(time.Millisecond), eng.MemoItems())
}

// strictMesh warms the engine on the store, as the webhook does once the
// cluster is quiet, then sends the mesh-wide PeerAuthentication made
// STRICT with the timeout the API server appends.
func strictMesh(t *testing.T, eng *admission.Engine, store *admission.Store, srv http.Handler, timeout string) (*admissionv1.AdmissionResponse, time.Duration) {
	t.Helper()
	if err := eng.Warm(context.Background(), store); err != nil {
		t.Fatal(err)
	}
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
	req := httptest.NewRequest(http.MethodPost, "/validate?timeout="+timeout, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	start := time.Now()
	srv.ServeHTTP(rec, req)
	took := time.Since(start)
	return decodeReview(t, rec.Body.Bytes()).Response, took
}
