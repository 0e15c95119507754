package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// DefaultMaxBodyBytes is controller-runtime's own limit: two objects of at
// most 3 MiB (etcd's request limit, doubled for JSON) and the review.
const DefaultMaxBodyBytes = 7 << 20

// guard is the HTTP layer of one webhook, around controller-runtime's
// admission.Webhook: it refuses what is not an AdmissionReview POST of at
// most maxBytes with an HTTP error and an AdmissionReview saying why,
// times every request, and counts those that never reach the handler
// (controller-runtime answers a body that does not decode, or is not
// application/json, with a 400 inside an AdmissionReview).
func guard(webhook string, maxBytes int64, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer func() { m.Duration.WithLabelValues(webhook).Observe(time.Since(start).Seconds()) }()
		seen := new(bool)
		defer func() {
			if !*seen {
				m.Requests.WithLabelValues(webhook, "", "", decisionBadRequest).Inc()
			}
		}()
		if r.Method != http.MethodPost {
			refuse(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s takes POST, not %s", webhook, r.Method))
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			refuse(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the AdmissionReview is larger than %d bytes (--max-body-bytes)", maxBytes))
			return
		case err != nil:
			refuse(w, http.StatusBadRequest, "reading the AdmissionReview: "+err.Error())
			return
		case len(body) == 0:
			refuse(w, http.StatusBadRequest, "the request has no body: want an AdmissionReview")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), seenKey{}, seen)))
	})
}

// refuse answers with an HTTP error whose body is an AdmissionReview, so
// that both a person with curl and the API server read the reason.
func refuse(w http.ResponseWriter, code int, msg string) {
	review := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Response: &admissionv1.AdmissionResponse{Result: &metav1.Status{
			Status: metav1.StatusFailure, Code: int32(code), Message: msg,
		}},
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(review)
}

type seenKey struct{}

// markSeen records that the request reached a handler (which counts it).
func markSeen(ctx context.Context) {
	if seen, ok := ctx.Value(seenKey{}).(*bool); ok {
		*seen = true
	}
}
