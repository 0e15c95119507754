package policy

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestMemoCutWaitsForHoldersAndLetsGo: a batch kept whole is cut only
// once no caller holds the memo; then every item is known on its own,
// and nothing keeps the batch (its converted items) alive.
func TestMemoCutWaitsForHoldersAndLetsGo(t *testing.T) {
	m := NewMemo(16)
	m.Patience = time.Hour
	keys := []itemKey{{1, 1}, {2, 2}, {2, 2}}
	release := m.Hold()
	var held []weak.Pointer[batch]
	for i := range uint64(3) { // a queue with room to spare
		k := keys
		if i > 0 {
			k = []itemKey{{10 * i, i}}
		}
		b := &batch{keys: k, raws: make([][]Raw, len(k)), terms: make([]*ast.Term, len(k))}
		held = append(held, weak.Make(b))
		m.deferCuts(&Engine{}, []*batch{b})
	}
	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := m.Settle(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cut while held: Settle gave %v", err)
	}
	found, groups := make([]bool, 3), make([]*group, 3)
	m.lookup(keys, found, groups)
	if found[0] || groups[0] == nil || groups[0] != groups[2] || groups[0].distinct != 2 {
		t.Fatalf("before the cut: found %v, groups %v", found, groups)
	}
	release()
	if err := m.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
	groups = make([]*group, 3)
	m.lookup(keys, found, groups)
	if !found[0] || !found[1] || groups[0] != nil || m.Len() != 4 {
		t.Fatalf("after the cut: found %v, groups %v, %d known", found, groups, m.Len())
	}
	runtime.GC()
	for i, p := range held {
		if p.Value() != nil {
			t.Errorf("the memo keeps cut batch %d alive", i)
		}
	}
	runtime.KeepAlive(m)
}

// TestMemoQueueIsBounded: under requests that never pause, the oldest
// batches waiting for their cut are forgotten beyond maxQueued items.
func TestMemoQueueIsBounded(t *testing.T) {
	m := NewMemo(1 << 20)
	m.Patience = time.Hour
	release := m.Hold()
	defer release()
	var firsts []itemKey
	for g := range uint64(3) {
		keys := make([]itemKey, maxQueued/2)
		for i := range keys {
			keys[i] = itemKey{g, uint64(i)}
		}
		firsts = append(firsts, keys[0])
		m.deferCuts(&Engine{}, []*batch{{keys: keys, raws: make([][]Raw, len(keys)), terms: make([]*ast.Term, len(keys))}})
	}
	found, groups := make([]bool, 3), make([]*group, 3)
	m.lookup(firsts, found, groups)
	if groups[0] != nil || groups[1] == nil || groups[2] == nil {
		t.Errorf("groups of the first items: %v", groups)
	}
	var one []*batch // one evaluation's own groups are all kept
	for g := range uint64(3) {
		keys := make([]itemKey, maxQueued/2)
		for i := range keys {
			keys[i] = itemKey{10 + g, uint64(i)}
		}
		one = append(one, &batch{keys: keys, raws: make([][]Raw, len(keys)), terms: make([]*ast.Term, len(keys))})
	}
	m.deferCuts(&Engine{}, one)
	if q := m.Queued(); q != 3*maxQueued/2 {
		t.Errorf("%d items queued after one evaluation of %d", q, 3*maxQueued/2)
	}
}

// TestMemoCutIsNotStarved: under a hold that never ends (requests that
// never pause), the cut goes on after Patience.
func TestMemoCutIsNotStarved(t *testing.T) {
	m := NewMemo(16)
	m.Patience = 100 * time.Millisecond
	release := m.Hold()
	defer release()
	keys := []itemKey{{1, 1}, {2, 2}}
	m.deferCuts(&Engine{}, []*batch{{keys: keys, raws: make([][]Raw, len(keys)), terms: make([]*ast.Term, len(keys))}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.Settle(ctx); err != nil {
		t.Fatalf("the cut waited for the hold to end: %v", err)
	}
	if m.Len() != 2 || m.Queued() != 0 {
		t.Errorf("%d items known, %d queued", m.Len(), m.Queued())
	}
}
