package webhook

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// Bad AdmissionReviews at the HTTP level: each gets a clear error in an
// AdmissionReview, never a panic, and is counted.
func TestBadReviews(t *testing.T) {
	valid := review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader}
	tests := []struct {
		name        string
		method      string
		contentType string
		body        []byte
		maxBytes    int64
		status      int    // HTTP status
		code        int32  // response.result.code
		message     string // in response.result.message
	}{
		{name: "malformed JSON is refused as undecodable",
			body:   []byte(`{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {`),
			status: 200, code: 400, message: "unexpected end of JSON input"},
		{name: "a JSON value that is not an AdmissionReview is refused",
			body: []byte(`[1, 2, 3]`), status: 200, code: 400, message: "cannot unmarshal array"},
		{name: "a request field of the wrong type is refused",
			body: []byte(`{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": "yes"}`), status: 200, code: 400, message: "cannot unmarshal"},
		{name: "a review without a request is refused",
			body: []byte(`{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}`), status: 200, code: 400, message: "the AdmissionReview has no request"},
		{name: "an empty body is refused",
			body: nil, status: 400, code: 400, message: "the request has no body"},
		{name: "a body over --max-body-bytes is refused before it is read whole",
			body: valid.json(t), maxBytes: 100, status: 413, code: 413, message: "larger than 100 bytes (--max-body-bytes)"},
		{name: "a body that is not JSON by its content type is refused",
			body: valid.json(t), contentType: "text/plain", status: 200, code: 400, message: "contentType=text/plain, expected application/json"},
		{name: "a GET is refused",
			method: http.MethodGet, status: 405, code: 405, message: "validate takes POST, not GET"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newTestHandlers(t, &fakeEngine{})
			max := tc.maxBytes
			if max == 0 {
				max = DefaultMaxBodyBytes
			}
			srv := h.serve(routeOf(t, h, webhookValidate), max)
			method, ct := tc.method, tc.contentType
			if method == "" {
				method = http.MethodPost
			}
			if ct == "" {
				ct = "application/json"
			}
			req := httptest.NewRequest(method, "/validate", bytes.NewReader(tc.body))
			req.Header.Set("Content-Type", ct)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Errorf("HTTP %d, want %d", rec.Code, tc.status)
			}
			r := decodeReview(t, rec.Body.Bytes()).Response
			if r.Allowed || r.Result == nil || r.Result.Code != tc.code || !strings.Contains(r.Result.Message, tc.message) {
				t.Errorf("response %+v, want refused with %d and %q", r.Result, tc.code, tc.message)
			}
			if n := testutil.ToFloat64(h.Metrics.Requests.WithLabelValues(webhookValidate, "", "", decisionBadRequest)); n != 1 {
				t.Errorf("bad_request count %v, want 1", n)
			}
			if n := testutil.CollectAndCount(h.Metrics.Duration, "meshlint_admission_duration_seconds"); n != 1 {
				t.Errorf("duration series %d, want 1", n)
			}
		})
	}
}

// A panic in the engine is answered (controller-runtime recovers it) and
// counted as an error.
func TestPanicIsAnsweredAndCounted(t *testing.T) {
	h := newTestHandlers(t, &fakeEngine{validate: func(r admissionRequest) (admissionVerdict, error) { panic("engine bug") }})
	_, out := post(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes),
		review{op: "CREATE", kind: "ConfigMap", ns: "blog-system", name: "x", object: nginxHostHeader}.json(t))
	if out.Response.Allowed || out.Response.Result.Code != 500 || !strings.Contains(out.Response.Result.Message, "engine bug") {
		t.Errorf("response %+v, want 500 naming the panic", out.Response.Result)
	}
	if n := testutil.ToFloat64(h.Metrics.Requests.WithLabelValues(webhookValidate, "ConfigMap", "CREATE", decisionError)); n != 1 {
		t.Errorf("error count %v, want 1", n)
	}
}
