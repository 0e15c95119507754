package webhook

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-logr/logr"

	"github.com/meshlint/meshlint/internal/admission"
)

// TestWarmWhenReady: the engine evaluates the state once the informers
// have loaded it, not before; a stopped webhook stops waiting.
func TestWarmWhenReady(t *testing.T) {
	store := informerStore(t, 500)
	e, err := admission.New(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int32
	ready := func() bool { return asked.Add(1) > 3 }
	warmWhenReady(context.Background(), e, store, ready, time.Millisecond, logr.Discard())
	if asked.Load() != 4 || e.MemoItems() < 500 {
		t.Errorf("asked %d times; %d items known", asked.Load(), e.MemoItems())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cold, _ := admission.New(nil, nil)
	warmWhenReady(ctx, cold, store, func() bool { return false }, time.Millisecond, logr.Discard())
	if cold.MemoItems() != 0 {
		t.Errorf("evaluated before the state was loaded: %d items", cold.MemoItems())
	}
}
