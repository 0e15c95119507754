package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// The API server calls with ?timeout=<timeoutSeconds>; 1s, the least
// it can be, leaves the webhook 750 ms to work (the 500 ms margin is at
// most a quarter of the timeout).
const slowTimeout = time.Second

// Issue 11, point 1: a request the engine cannot judge in time is
// answered before the API server's timeout, with HTTP 503 so that the API
// server applies the webhook's failurePolicy; the give-up is counted, and
// no goroutine of the request outlives it (the engine stopped working).
func TestASlowRequestIsAnsweredBeforeItsDeadline(t *testing.T) {
	createSlowStack(t)
	p, port := startOwnWebhook(t)
	c := webhookClient(30 * time.Second)
	if code, body, err := postTo(c, port, "/validate?timeout=10s", quickChange(t, "warm-up")); err != nil || code != 200 {
		t.Fatalf("a quick request: %d %s %v", code, body, err)
	}
	c.CloseIdleConnections()
	baseline := settledGoroutines(t, p)
	// /mutate builds one model and runs no Rego: the slow stack is not slow
	// enough for it here (internal/admission tests its deadline).
	for _, path := range []string{"/validate"} {
		webhook := strings.TrimPrefix(path, "/")
		before := p.metric(t, "meshlint_admission_given_up_total", `webhook="`+webhook+`"`, `reason="deadline"`)
		start := time.Now()
		code, body, err := postTo(c, port, path+"?timeout="+slowTimeout.String(), slowChange(t, "slow"+webhook))
		took := time.Since(start)
		t.Logf("%s answered in %s", path, took)
		switch {
		case err != nil:
			t.Fatalf("%s: %v", path, err)
		case code != 503 || !strings.Contains(body, "ran out of time"):
			t.Errorf("%s answered %d %s, want 503 saying the evaluation ran out of time", path, code, body)
		case took >= slowTimeout:
			t.Errorf("%s answered after %s, not before the API server's timeout %s", path, took, slowTimeout)
		}
		if after := p.metric(t, "meshlint_admission_given_up_total", `webhook="`+webhook+`"`, `reason="deadline"`); after != before+1 {
			t.Errorf("%s: given_up{reason=deadline} went from %v to %v, want one more", path, before, after)
		}
	}
	c.CloseIdleConnections()
	if n := goroutinesBackTo(t, p, baseline); n > baseline {
		t.Errorf("%v goroutines 10 s after the slow requests, %v before: the evaluation outlived its request\n%s", n, baseline, p.logTail())
	}
}

// goroutinesBackTo waits, up to 10 s, for the webhook's goroutines to come
// back to baseline (connections and informers come and go around a
// request; an evaluation that outlives it stays) and returns the last count.
func goroutinesBackTo(t *testing.T, p *webhookProcess, baseline float64) float64 {
	t.Helper()
	n := p.metric(t, "go_goroutines")
	for deadline := time.Now().Add(10 * time.Second); n > baseline && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		n = p.metric(t, "go_goroutines")
	}
	return n
}

// Issue 11, point 2: N slow requests run at most --max-evaluations
// evaluations at once (the peak gauge), and every one is answered before
// its deadline, those that waited for a slot included.
func TestSlowRequestsWaitForAnEvaluationSlot(t *testing.T) {
	createSlowStack(t)
	p, port := startOwnWebhook(t, "--max-evaluations", "2")
	c := webhookClient(30 * time.Second)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]string, n)
	for i := range n {
		wg.Go(func() {
			start := time.Now()
			code, body, err := postTo(c, port, "/validate?timeout="+slowTimeout.String(), slowChange(t, fmt.Sprint("slot-", i)))
			if took := time.Since(start); err != nil || code != 503 || took >= slowTimeout {
				errs[i] = fmt.Sprintf("request %d: HTTP %d after %s (%v): %.200s", i, code, took, err, body)
			}
		})
	}
	wg.Wait()
	for _, e := range errs {
		if e != "" {
			t.Error(e)
		}
	}
	if peak := p.metric(t, "meshlint_admission_evaluations_peak"); peak < 1 || peak > 2 {
		t.Errorf("at most %v evaluations ran at once, want 1 or 2 (--max-evaluations 2)", peak)
	}
	queued := p.metric(t, "meshlint_admission_given_up_total", `reason="queue"`)
	ranOut := p.metric(t, "meshlint_admission_given_up_total", `reason="deadline"`)
	if queued+ranOut != n || ranOut < 1 || queued < 1 {
		t.Errorf("given up: %v waiting for a slot, %v evaluating; want %d in all, some of each", queued, ranOut, n)
	}
	// The answers do not wait for the engine to stop (internal/webhook
	// detach.go); it stops within tens of milliseconds of each deadline.
	running := p.metric(t, "meshlint_admission_evaluations_in_flight")
	for deadline := time.Now().Add(5 * time.Second); running != 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		running = p.metric(t, "meshlint_admission_evaluations_in_flight")
	}
	if running != 0 {
		t.Errorf("%v evaluations still running 5 s after every answer", running)
	}
}

// settledGoroutines is the process's goroutine count once it stops
// falling (connections closing, evaluations ending).
func settledGoroutines(t *testing.T, p *webhookProcess) float64 {
	t.Helper()
	last := p.metric(t, "go_goroutines")
	for range 50 {
		time.Sleep(200 * time.Millisecond)
		n := p.metric(t, "go_goroutines")
		if n >= last {
			return min(n, last)
		}
		last = n
	}
	return last
}
