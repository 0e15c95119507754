package webhook

import (
	"context"
	"testing"
	"time"

	"github.com/go-logr/logr"

	"github.com/meshlint/meshlint/internal/admission"
)

// TestKeepWarm: the engine evaluates the state once the informers have
// loaded it, not before, and a stopped webhook stops.
func TestKeepWarm(t *testing.T) {
	store := informerStore(t, 500)
	e, err := admission.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan bool, 1)
	done := make(chan struct{})
	go func() {
		keepWarm(ctx, e, store, func() bool { return len(ready) > 0 }, warmTimes{tick: time.Millisecond, quiet: time.Hour, stale: time.Hour}, logr.Discard())
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	if n := e.MemoItems(); n != 0 {
		t.Fatalf("evaluated before the state was loaded: %d items", n)
	}
	ready <- true
	for deadline := time.Now().Add(time.Minute); e.MemoItems() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not evaluated a minute after the state was loaded: %d items", e.MemoItems())
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("keepWarm did not stop with its context")
	}
}

// TestWarmerIsDue: evaluated first once ready; then only after a change,
// once the state has been quiet, or when it has grown stale under changes
// that never pause.
func TestWarmerIsDue(t *testing.T) {
	k := warmer{times: warmTimes{quiet: 2 * time.Second, stale: time.Minute}}
	t0 := time.Unix(1000, 0)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	if !k.due(at(0), 5) {
		t.Fatal("not due first")
	}
	k.done, k.warmed, k.last = true, 5, at(0)
	for _, step := range []struct {
		sec     int
		changes uint64
		want    bool
	}{
		{1, 5, false},  // nothing changed
		{2, 6, false},  // a change, not quiet yet
		{3, 6, false},  // quiet 1 s
		{4, 6, true},   // quiet 2 s
		{5, 7, false},  // changing again
		{50, 8, false}, // changing without pause...
		{59, 9, false},
		{64, 10, true}, // ...a minute since the last evaluation
	} {
		if got := k.due(at(step.sec), step.changes); got != step.want {
			t.Errorf("at %d s with %d changes: due %v, want %v", step.sec, step.changes, got, step.want)
		}
		if step.sec == 4 {
			k.warmed, k.last = 6, at(4)
		}
	}
}
