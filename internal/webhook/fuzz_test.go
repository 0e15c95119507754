package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzAdmissionReview: whatever the body, both webhooks answer with an
// AdmissionReview and never panic (controller-runtime would recover a
// panic into a 500 naming it; that counts as a failure here).
func FuzzAdmissionReview(f *testing.F) {
	f.Add(review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader}.json(f))
	f.Add(review{op: "DELETE", group: "security.istio.io", kind: "PeerAuthentication", ns: "a", name: "p", old: map[string]any{"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication"}}.json(f))
	f.Add(review{op: "UPDATE", kind: "Pod", ns: "a", name: "p", object: ownedPod("ReplicaSet"), old: ownedPod("ReplicaSet")}.json(f))
	f.Add([]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","kind":{"kind":"Service"},"operation":"CREATE","object":null}}`))
	f.Add([]byte(`{"request":{"uid":"1","kind":{"kind":"Service","version":"v1"},"operation":"CREATE","object":{"apiVersion":1}}}`))
	f.Add([]byte(`{`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, body []byte) {
		h := newTestHandlers(t, &fakeEngine{})
		for _, r := range routes(h) {
			req := httptest.NewRequest(http.MethodPost, r.path, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.serve(r, 1<<20).ServeHTTP(rec, req)
			out := decodeReview(t, rec.Body.Bytes()).Response
			if out.Result != nil && strings.Contains(out.Result.Message, "[recovered]") {
				t.Fatalf("%s panicked: %s", r.path, out.Result.Message)
			}
		}
	})
}
