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
// application/json, with a 400 inside an AdmissionReview). The request's
// context ends at its deadline (deadline.go): reading the body and the
// evaluation stop then.
func guard(webhook string, maxBytes int64, margin time.Duration, m *Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer func() { m.Duration.WithLabelValues(webhook).Observe(time.Since(start).Seconds()) }()
		st := &reqState{}
		defer func() {
			if !st.seen {
				m.Requests.WithLabelValues(webhook, "", "", decisionBadRequest).Inc()
			}
		}()
		if r.Method != http.MethodPost {
			refuse(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s takes POST, not %s", webhook, r.Method))
			return
		}
		st.timeout, st.work = budgetOf(r, margin)
		ctx, cancel := context.WithTimeout(context.WithValue(r.Context(), stateKey{}, st), st.work)
		defer cancel()
		body, ok := readBody(ctx, w, r, webhook, maxBytes, m)
		if !ok {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(&failWriter{ResponseWriter: w, st: st}, r.WithContext(ctx))
	})
}

// readBody reads the AdmissionReview, or answers why not. A body that
// has not arrived by the request's deadline, or when the server shuts
// down, is given up on: the read fails and the connection closes.
func readBody(ctx context.Context, w http.ResponseWriter, r *http.Request, webhook string, maxBytes int64, m *Metrics) ([]byte, bool) {
	stop := abortReads(ctx, w)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	stopped := !stop()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		refuse(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the AdmissionReview is larger than %d bytes (--max-body-bytes)", maxBytes))
	case err != nil && stopped:
		m.GivenUp.WithLabelValues(webhook, reasonRead).Inc()
		refuse(w, http.StatusRequestTimeout, "the AdmissionReview did not arrive before the request's deadline: "+err.Error())
	case err != nil:
		refuse(w, http.StatusBadRequest, "reading the AdmissionReview: "+err.Error())
	case len(body) == 0:
		refuse(w, http.StatusBadRequest, "the request has no body: want an AdmissionReview")
	default:
		return body, true
	}
	return nil, false
}

// abortReads makes the connection's reads fail once ctx is done or the
// server shuts down (Server.Start), so that a client sending its body
// slowly holds neither a goroutine past the deadline nor the shutdown.
// stop returns false when the reads were aborted.
func abortReads(ctx context.Context, w http.ResponseWriter) (stop func() bool) {
	ctx, cancel := context.WithCancel(ctx)
	var stopShutdown func() bool
	if sd, ok := ctx.Value(shutdownKey{}).(context.Context); ok {
		stopShutdown = context.AfterFunc(sd, cancel)
	}
	stopAbort := context.AfterFunc(ctx, func() { _ = http.NewResponseController(w).SetReadDeadline(time.Now()) })
	return func() bool {
		if stopShutdown != nil {
			stopShutdown()
		}
		ok := stopAbort()
		cancel()
		return ok
	}
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

// reqState is what the layers of one request tell each other.
type reqState struct {
	seen          bool          // the request reached a handler (which counts it)
	timeout, work time.Duration // the API server's timeout; the time meshlint takes at most
	failure       string        // answer HTTP 503 with this message (giveUp)
}

type stateKey struct{}

// unavailable answers HTTP 503 with a Status, the body the API server's
// REST client reads an error's message from (k8s.io/client-go/rest
// Result.Error decodes a Status out of an error response), so that the
// message reaches the user through failurePolicy Fail: "failed calling
// webhook ...: meshlint did not check this change: ...".
func unavailable(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusServiceUnavailable)
	_ = json.NewEncoder(w).Encode(metav1.Status{
		TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Status"},
		Status:   metav1.StatusFailure, Code: http.StatusServiceUnavailable,
		Reason: metav1.StatusReasonServiceUnavailable, Message: msg,
	})
}

// stateOf is the request's state (an empty one outside guard).
func stateOf(ctx context.Context) *reqState {
	if st, ok := ctx.Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{}
}

// markSeen records that the request reached a handler (which counts it).
func markSeen(ctx context.Context) { stateOf(ctx).seen = true }

// failWriter answers HTTP 503 with the give-up message (unavailable)
// instead of the review controller-runtime writes (always with 200), when the handler
// gave up under --deadline-answer=failure-policy.
type failWriter struct {
	http.ResponseWriter
	st      *reqState
	written bool
}

func (w *failWriter) WriteHeader(code int) {
	if w.written {
		return
	}
	w.written = true
	if w.st.failure != "" {
		unavailable(w.ResponseWriter, w.st.failure)
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *failWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.st.failure != "" {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *failWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
