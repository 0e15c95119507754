package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
)

// review is an admission request as the API server sends it.
type review struct {
	uid      string
	op       admissionv1.Operation
	group    string
	kind     string
	ns, name string
	object   any // map[string]any, or json.RawMessage for raw bytes
	old      any
	dryRun   bool
}

func (r review) json(t testing.TB) []byte {
	t.Helper()
	uid := r.uid
	if uid == "" {
		uid = "req-1"
	}
	dry := r.dryRun
	ar := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{
			UID: types.UID(uid), Operation: r.op, Namespace: r.ns, Name: r.name, DryRun: &dry,
			Kind:      metav1.GroupVersionKind{Group: r.group, Version: "v1", Kind: r.kind},
			Resource:  metav1.GroupVersionResource{Group: r.group, Version: "v1", Resource: "things"},
			Object:    raw(t, r.object),
			OldObject: raw(t, r.old),
		},
	}
	return mustJSON(t, ar)
}

func raw(t testing.TB, v any) runtime.RawExtension {
	switch v := v.(type) {
	case nil:
		return runtime.RawExtension{}
	case json.RawMessage:
		return runtime.RawExtension{Raw: v}
	}
	return runtime.RawExtension{Raw: mustJSON(t, v)}
}

// post sends body to the handler as the API server does and decodes the
// AdmissionReview it answers.
func post(t testing.TB, h http.Handler, body []byte) (*httptest.ResponseRecorder, admissionv1.AdmissionReview) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/validate", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec, decodeReview(t, rec.Body.Bytes())
}

// decodeReview decodes an answer, which must be an AdmissionReview with
// a response.
func decodeReview(t testing.TB, body []byte) admissionv1.AdmissionReview {
	t.Helper()
	out, err := parseReview(body)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func parseReview(body []byte) (admissionv1.AdmissionReview, error) {
	var out admissionv1.AdmissionReview
	if err := json.Unmarshal(body, &out); err != nil {
		return out, fmt.Errorf("the answer is not an AdmissionReview (%v): %s", err, body)
	}
	if out.Response == nil {
		return out, fmt.Errorf("the answer has no response: %s", body)
	}
	return out, nil
}

// send is post for goroutines: it reports instead of failing.
func send(h http.Handler, body []byte) (*admissionv1.AdmissionResponse, error) {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out, err := parseReview(rec.Body.Bytes())
	return out.Response, err
}

// route returns the named route of h.
func routeOf(t testing.TB, h *Handlers, name string) route {
	t.Helper()
	for _, r := range routes(h) {
		if r.name == name {
			return r
		}
	}
	t.Fatalf("no route %s", name)
	return route{}
}

// Objects of the tests.

func configMap(data map[string]any) map[string]any {
	return map[string]any{"apiVersion": "v1", "kind": "ConfigMap",
		"metadata": map[string]any{"name": "web-nginx-config", "namespace": "blog-system"}, "data": data}
}

func deployment() map[string]any {
	return map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": "web", "namespace": "blog-system"},
		"spec": map[string]any{"template": map[string]any{
			"metadata": map[string]any{"labels": map[string]any{"app": "web"}},
			"spec":     map[string]any{"containers": []any{map[string]any{"name": "nginx", "image": "nginx"}}}}}}
}

func ownedPod(ownerKind string) map[string]any {
	return map[string]any{"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": "web-5d9-abcde", "namespace": "blog-system",
			"ownerReferences": []any{map[string]any{"apiVersion": "apps/v1", "kind": ownerKind, "name": "web-5d9", "uid": "u1", "controller": true}}},
		"spec": map[string]any{"containers": []any{map[string]any{"name": "nginx", "image": "nginx"}}}}
}
