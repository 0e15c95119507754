package webhook

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/meshlint/meshlint/internal/admission"
)

// memoMetrics are what the engine remembers of the fact items it has
// evaluated (cmd/webhook README "How a change is evaluated"): how many it
// holds, how many wait with their batch for its cut, and how many a
// request found there or had to evaluate. A change
// that reaches the whole mesh should evaluate few of them; a steady rise
// of evaluated items on such changes means the memo is too small for the
// cluster or the state keeps changing under it.
func memoMetrics(e *admission.Engine) []prometheus.Collector {
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "meshlint_admission_memo_items",
			Help: "Fact items whose findings the engine remembers."},
			func() float64 { return float64(e.MemoItems()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "meshlint_admission_memo_queued_items",
			Help: "Fact items remembered with their batch until it is cut down to each item's findings, which waits while requests run."},
			func() float64 { return float64(e.MemoQueued()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "meshlint_admission_memo_reused_total",
			Help: "Fact items whose findings an evaluation took from the memo."},
			func() float64 { r, _ := e.MemoCounts(); return float64(r) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "meshlint_admission_memo_evaluated_total",
			Help: "Fact items an evaluation had to evaluate."},
			func() float64 { _, n := e.MemoCounts(); return float64(n) }),
		cacheHits(e, "answer", func(a, _, _ int64) int64 { return a }),
		cacheHits(e, "verdict", func(_, v, _ int64) int64 { return v }),
		cacheHits(e, "state", func(_, _, s int64) int64 { return s }),
	}
}

// cacheHits counts one of the engine's caches: answers to a request
// asked again on an unchanged cluster (a dry run, then the change),
// verdicts of a change whose two states were cached, states of the
// cluster evaluated before.
func cacheHits(e *admission.Engine, cache string, pick func(answers, verdicts, states int64) int64) prometheus.Collector {
	return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "meshlint_admission_cache_hits_total",
		Help:        "What requests took from the engine's caches, by cache: answer (the same request on an unchanged cluster), verdict (a change whose two states were cached), state (a state of the cluster evaluated before).",
		ConstLabels: prometheus.Labels{"cache": cache}},
		func() float64 { return float64(pick(e.CacheHits())) })
}

func registerMemoMetrics(reg prometheus.Registerer, e *admission.Engine) {
	register(reg, "memo", memoMetrics(e)...)
}
