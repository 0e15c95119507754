package webhook

import (
	"context"
	"runtime"
	"sync/atomic"
)

// DefaultMaxEvaluations is how many evaluations run at once by default:
// two per core keeps the cores busy while one evaluation waits on
// memory, and bounds how many models are held at once.
func DefaultMaxEvaluations() int { return 2 * runtime.GOMAXPROCS(0) }

// slots bounds the evaluations running at once: a request waits for a
// slot within its deadline, so N slow requests hold at most max models in
// memory, not N. The in-flight and peak gauges show it.
type slots struct {
	ch      chan struct{}
	m       *Metrics
	running atomic.Int64
	peak    atomic.Int64
}

func newSlots(n int, m *Metrics) *slots { return &slots{ch: make(chan struct{}, n), m: m} }

// acquire waits for a slot until ctx is done; ok is false then. A nil
// slots has no bound.
func (s *slots) acquire(ctx context.Context) (release func(), ok bool) {
	if s == nil {
		return func() {}, true
	}
	select {
	case s.ch <- struct{}{}:
	case <-ctx.Done():
		return nil, false
	}
	if ctx.Err() != nil { // both were ready and select took the slot
		<-s.ch
		return nil, false
	}
	n := s.running.Add(1)
	s.m.Evaluations.Set(float64(n))
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	s.m.EvaluationsPeak.Set(float64(s.peak.Load()))
	return func() {
		s.m.Evaluations.Set(float64(s.running.Add(-1)))
		<-s.ch
	}, true
}
