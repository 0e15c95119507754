package webhook

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/meshlint/meshlint/internal/admission"
	"github.com/meshlint/meshlint/internal/clustertest"
	"github.com/meshlint/meshlint/internal/manifest"
)

func TestTheDeadlineIsTheAPIServersTimeoutLessTheMargin(t *testing.T) {
	for _, tc := range []struct {
		query         string
		timeout, work time.Duration
	}{
		{"?timeout=10s", 10 * time.Second, 9500 * time.Millisecond},
		{"", 10 * time.Second, 9500 * time.Millisecond},                      // a caller that says nothing: the API server's default
		{"?timeout=1s", time.Second, 750 * time.Millisecond},                 // the margin is at most a quarter
		{"?timeout=5m", 30 * time.Second, 29500 * time.Millisecond},          // at most the API server's maximum
		{"?timeout=soon", 10 * time.Second, 9500 * time.Millisecond},         // not a duration: the default
		{"?timeout=-3s", 10 * time.Second, 9500 * time.Millisecond},          // not positive: the default
		{"?timeout=2s&timeout=1s", 2 * time.Second, 1500 * time.Millisecond}, // the first, as url.Values.Get reads it
	} {
		r := httptest.NewRequest(http.MethodPost, "/validate"+tc.query, nil)
		timeout, work := budgetOf(r, DefaultDeadlineMargin)
		if timeout != tc.timeout || work != tc.work {
			t.Errorf("%q: timeout %s, work %s; want %s, %s", tc.query, timeout, work, tc.timeout, tc.work)
		}
	}
}

// slowHandlers are handlers with the real engine over a cluster state that
// takes seconds to judge (clustertest.SlowNginxStack), answering as
// --deadline-answer says.
func slowHandlers(t *testing.T, answer string) *Handlers {
	t.Helper()
	store := admission.NewStore()
	res := manifest.LoadBytes("slow.yaml", []byte(clustertest.SlowNginxStack("slow", 8)), manifest.Options{})
	for _, o := range res.Objects {
		store.Set(o)
	}
	h := newTestHandlers(t, mustEngine(t))
	h.State, h.DeadlineAnswer, h.DeadlineMargin = store, answer, DefaultDeadlineMargin
	return h
}

// slowRequest posts the CREATE of a small ConfigMap in the slow
// namespace, with the API server's timeout in the URL.
func slowRequest(t *testing.T, h http.Handler, timeout string) (*httptest.ResponseRecorder, time.Duration) {
	t.Helper()
	body := review{op: "CREATE", kind: "ConfigMap", ns: "slow", name: "small",
		object: map[string]any{"apiVersion": "v1", "kind": "ConfigMap", "metadata": map[string]any{"name": "small", "namespace": "slow"}}}.json(t)
	req := httptest.NewRequest(http.MethodPost, "/validate?timeout="+timeout, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	return rec, time.Since(start)
}

// A request the engine cannot judge in time is answered before the
// timeout as --deadline-answer says, and counted.
func TestARequestOutOfTimeGetsTheDeadlineAnswer(t *testing.T) {
	for _, tc := range []struct {
		answer  string
		code    int
		allowed bool
		warned  bool
	}{
		{DeadlineAnswerFailurePolicy, http.StatusServiceUnavailable, false, false}, // the API server applies failurePolicy
		{DeadlineAnswerDeny, http.StatusOK, false, false},
		{DeadlineAnswerAllow, http.StatusOK, true, true},
	} {
		h := slowHandlers(t, tc.answer)
		rec, took := slowRequest(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), "1s")
		out, msg := answerOf(t, rec)
		switch {
		case rec.Code != tc.code || out.Allowed != tc.allowed || (len(out.Warnings) > 0) != tc.warned:
			t.Errorf("%s: HTTP %d, allowed %v, warnings %q; want %d, %v, warned %v", tc.answer, rec.Code, out.Allowed, out.Warnings, tc.code, tc.allowed, tc.warned)
		case !strings.Contains(msg, "the evaluation ran out of time (the API server waits 1s; meshlint answers 250ms before)"):
			t.Errorf("%s: %q does not say the evaluation ran out of time", tc.answer, msg)
		case took >= time.Second:
			t.Errorf("%s: answered after %s, past the API server's timeout", tc.answer, took)
		}
		if n := testutil.ToFloat64(h.Metrics.GivenUp.WithLabelValues(webhookValidate, reasonDeadline)); n != 1 {
			t.Errorf("%s: given_up{deadline} = %v, want 1", tc.answer, n)
		}
		if n := testutil.ToFloat64(h.Metrics.Requests.WithLabelValues(webhookValidate, "ConfigMap", "CREATE", decisionGivenUp)); n != 1 {
			t.Errorf("%s: requests{decision=given_up} = %v, want 1", tc.answer, n)
		}
	}
}

// With every evaluation slot taken, a request waits for one until its
// deadline, then gets the deadline answer, counted as queue.
func TestARequestWaitsForAnEvaluationSlotWithinItsDeadline(t *testing.T) {
	h := newTestHandlers(t, &fakeEngine{})
	h.DeadlineAnswer, h.DeadlineMargin, h.slots = DeadlineAnswerDeny, 50*time.Millisecond, newSlots(1, h.Metrics)
	release, ok := h.slots.acquire(context.Background())
	if !ok {
		t.Fatal("no free slot")
	}
	srv := h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes)
	rec, took := slowRequest(t, srv, "200ms")
	out := decodeReview(t, rec.Body.Bytes()).Response
	if out.Allowed || !strings.Contains(out.Result.Message, "waiting for a free evaluation slot") || took >= 200*time.Millisecond {
		t.Errorf("with no free slot: allowed %v after %s: %+v", out.Allowed, took, out.Result)
	}
	if n := testutil.ToFloat64(h.Metrics.GivenUp.WithLabelValues(webhookValidate, reasonQueue)); n != 1 {
		t.Errorf("given_up{queue} = %v, want 1", n)
	}
	release()
	if rec, _ := slowRequest(t, srv, "200ms"); !decodeReview(t, rec.Body.Bytes()).Response.Allowed {
		t.Errorf("with the slot free again: %s", rec.Body)
	}
	if peak, now := testutil.ToFloat64(h.Metrics.EvaluationsPeak), testutil.ToFloat64(h.Metrics.Evaluations); peak != 1 || now != 0 {
		t.Errorf("evaluations: peak %v, in flight %v; want 1, 0", peak, now)
	}
}

// A change whose scope is over the work budget gets the deadline answer
// with the reason, counted as budget.
func TestAChangeOverTheBudgetGetsTheDeadlineAnswer(t *testing.T) {
	h := slowHandlers(t, DeadlineAnswerDeny)
	e := mustEngine(t)
	e.SetBudget(admission.Budget{MaxTextBytes: 1 << 20})
	h.Engine = e
	rec, _ := slowRequest(t, h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes), "10s")
	out := decodeReview(t, rec.Body.Bytes()).Response
	if out.Allowed || !strings.Contains(out.Result.Message, "more than 1048576 bytes of data") {
		t.Errorf("over the budget: allowed %v: %+v", out.Allowed, out.Result)
	}
	if n := testutil.ToFloat64(h.Metrics.GivenUp.WithLabelValues(webhookValidate, reasonBudget)); n != 1 {
		t.Errorf("given_up{budget} = %v, want 1", n)
	}
}

// answerOf decodes an answer: the review's response and its message and
// warnings, or for HTTP 503 the Status the API server reads (as a
// response that is not allowed).
func answerOf(t testing.TB, rec *httptest.ResponseRecorder) (*admissionv1.AdmissionResponse, string) {
	t.Helper()
	if rec.Code == http.StatusServiceUnavailable {
		var st metav1.Status
		if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || st.Kind != "Status" || st.Code != http.StatusServiceUnavailable {
			t.Fatalf("HTTP 503 without a Status (%v): %s", err, rec.Body)
		}
		return &admissionv1.AdmissionResponse{Result: &st}, st.Message
	}
	out := decodeReview(t, rec.Body.Bytes()).Response
	msg := strings.Join(out.Warnings, "")
	if out.Result != nil {
		msg += out.Result.Message
	}
	return out, msg
}

// The answer does not wait for the engine to notice the deadline: an
// engine that goes on past it (a stage between its checks, a loaded
// node) still gets the request answered at the deadline. The engine
// keeps its evaluation slot until it returns, so the next request waits
// for it; a panic it raises once nobody waits is logged, not fatal.
func TestTheAnswerDoesNotWaitForTheEngineToStop(t *testing.T) {
	stop, returned := make(chan struct{}), make(chan struct{})
	h := newTestHandlers(t, &fakeEngine{validate: func(admission.Request) (admission.Verdict, error) {
		defer close(returned)
		<-stop
		panic("late engine bug")
	}})
	h.DeadlineAnswer, h.DeadlineMargin, h.slots = DeadlineAnswerDeny, 50*time.Millisecond, newSlots(1, h.Metrics)
	srv := h.serve(routeOf(t, h, webhookValidate), DefaultMaxBodyBytes)
	rec, took := slowRequest(t, srv, "200ms")
	out := decodeReview(t, rec.Body.Bytes()).Response
	if out.Allowed || !strings.Contains(out.Result.Message, "the evaluation ran out of time") || took >= 200*time.Millisecond {
		t.Errorf("an engine past the deadline: allowed %v after %s: %+v", out.Allowed, took, out.Result)
	}
	if rec, _ := slowRequest(t, srv, "200ms"); !strings.Contains(decodeReview(t, rec.Body.Bytes()).Response.Result.Message, "waiting for a free evaluation slot") {
		t.Errorf("while the first evaluation still runs: %s, want the queue answer", rec.Body)
	}
	if n := testutil.ToFloat64(h.Metrics.Evaluations); n != 1 {
		t.Errorf("%v evaluations in flight while the engine still runs, want 1", n)
	}
	close(stop)
	<-returned
	for deadline := time.Now().Add(5 * time.Second); testutil.ToFloat64(h.Metrics.Evaluations) != 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := testutil.ToFloat64(h.Metrics.Evaluations); n != 0 {
		t.Errorf("%v evaluations in flight after the engine returned, want 0", n)
	}
}
