package webhook

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/meshlint/meshlint/internal/admission"
)

// warmedWithMetrics is an engine whose metrics a registry of its own
// gathers, warmed on a Store of the corpus.
func warmedWithMetrics(t *testing.T) (*admission.Store, *admission.Engine, *prometheus.Registry) {
	t.Helper()
	store := informerStore(t, 300)
	e, err := admission.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	registerMemoMetrics(reg, e)
	if err := e.Warm(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	return store, e, reg
}

// TestMemoMetrics: the memo's size and its reused and evaluated items on
// /metrics, as the engine counts them.
func TestMemoMetrics(t *testing.T) {
	store, e, reg := warmedWithMetrics(t)
	if err := e.Warm(context.Background(), store); err != nil { // the same state: every item reused
		t.Fatal(err)
	}
	reused, evaluated := e.MemoCounts()
	if reused == 0 || evaluated == 0 || e.MemoItems() == 0 {
		t.Fatalf("reused %d, evaluated %d, items %d", reused, evaluated, e.MemoItems())
	}
	want := strings.NewReader(`# HELP meshlint_admission_memo_evaluated_total Fact items an evaluation had to evaluate.
# TYPE meshlint_admission_memo_evaluated_total counter
meshlint_admission_memo_evaluated_total ` + strconv.FormatInt(evaluated, 10) + `
# HELP meshlint_admission_memo_reused_total Fact items whose findings an evaluation took from the memo.
# TYPE meshlint_admission_memo_reused_total counter
meshlint_admission_memo_reused_total ` + strconv.FormatInt(reused, 10) + `
`)
	if err := testutil.GatherAndCompare(reg, want, "meshlint_admission_memo_evaluated_total", "meshlint_admission_memo_reused_total"); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(reg, "meshlint_admission_memo_items"); n != 1 {
		t.Errorf("memo items: %d series", n)
	}
	want = strings.NewReader(`# HELP meshlint_admission_memo_queued_items Fact items remembered with their batch until it is cut down to each item's findings, which waits while requests run.
# TYPE meshlint_admission_memo_queued_items gauge
meshlint_admission_memo_queued_items 0
`) // Warm returns once the cut is done
	if err := testutil.GatherAndCompare(reg, want, "meshlint_admission_memo_queued_items"); err != nil {
		t.Error(err)
	}
}

// TestCacheMetrics: what requests took from the engine's caches, by
// cache, on /metrics as the engine counts them: the same mesh-wide change
// twice on a warmed cluster takes the whole answer from the cache of
// answers the second time.
func TestCacheMetrics(t *testing.T) {
	store, e, reg := warmedWithMetrics(t)
	req := meshWideModeChange(t, store)
	for range 2 {
		if _, err := e.Validate(context.Background(), store, req); err != nil {
			t.Fatal(err)
		}
	}
	answers, verdicts, states := e.CacheHits()
	if answers != 1 {
		t.Fatalf("answers %d, verdicts %d, states %d from the caches; want 1 answer", answers, verdicts, states)
	}
	want := strings.NewReader(`# HELP meshlint_admission_cache_hits_total What requests took from the engine's caches, by cache: answer (the same request on an unchanged cluster), verdict (a change whose two states were cached), state (a state of the cluster evaluated before).
# TYPE meshlint_admission_cache_hits_total counter
meshlint_admission_cache_hits_total{cache="answer"} 1
meshlint_admission_cache_hits_total{cache="state"} ` + strconv.FormatInt(states, 10) + `
meshlint_admission_cache_hits_total{cache="verdict"} ` + strconv.FormatInt(verdicts, 10) + `
`)
	if err := testutil.GatherAndCompare(reg, want, "meshlint_admission_cache_hits_total"); err != nil {
		t.Error(err)
	}
}
