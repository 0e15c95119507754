package policy

import (
	"context"
)

// A batch of several items that finds something is remembered whole
// (a group) until it is cut down to its items' own findings, which is
// done here, one group at a time, on one core, after the evaluation that
// made it has given its findings, and once no evaluation has run for a
// moment (waitCalm). A mesh-wide change at 100,000 objects
// alters about 27,000 items that find 7,000 findings: evaluating them
// once takes half the time that evaluating and cutting them takes.
//
// Until then a later evaluation that holds every item of a group, unknown,
// takes the group's findings (the union of its items'), which is exact as
// an item's own findings are; one that holds only some of them evaluates
// those. Once cut, each item is remembered on its own, as any other.

// maxQueued bounds the items that earlier evaluations leave waiting for
// their cut: each holds its converted form, about 4 KB (a mesh-wide
// change at 100,000 objects queues 27,000 items, about 110 MB, until the
// cut), so requests that never pause cannot pile them up. Beyond it the
// oldest groups are forgotten, and their items evaluated again when met.
// One evaluation's own groups are all queued, however many: it held them
// all anyway, and the whole cluster's (Warm) must each be cut.
const maxQueued = 1 << 15

// group is a batch that found something, not yet cut.
type group struct {
	e        *Engine
	b        *batch
	distinct int // distinct keys among the batch's
}

// deferCuts remembers the batches of one evaluation whole and queues
// their cut.
func (m *Memo) deferCuts(e *Engine, bs []*batch) {
	if len(bs) == 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	own := 0
	for _, b := range bs {
		g := &group{e: e, b: b}
		seen := make(map[itemKey]bool, len(b.keys))
		for _, k := range b.keys {
			if !seen[k] {
				seen[k] = true
				m.pending[k] = g
			}
		}
		g.distinct = len(seen)
		m.queue = append(m.queue, g)
		m.queued += len(b.keys)
		own += len(b.keys)
	}
	for m.queued > max(maxQueued, own) && len(m.queue) > len(bs) { // forget the oldest: their items are evaluated again when met
		m.forget(m.pop())
	}
	if m.idle == nil {
		m.idle = make(chan struct{})
		go m.drain()
	}
}

// drain cuts the queued groups, oldest first, until none is left. Before
// each of its own evaluations it waits for a quiet memo: on two cores it
// would take one from a request.
func (m *Memo) drain() {
	pause := func() {
		m.mu.Lock()
		m.waitCalm()
		m.mu.Unlock()
	}
	for {
		m.mu.Lock()
		m.waitCalm()
		if len(m.queue) == 0 {
			close(m.idle)
			m.idle, m.pending = nil, map[itemKey]*group{} // a map keeps the room it grew to
			m.mu.Unlock()
			return
		}
		g := m.pop()
		m.mu.Unlock()
		b := g.b
		b.pause = pause
		err := b.cut(context.Background(), g.e, b.terms, 0, b.whole, nil)
		m.mu.Lock()
		m.forget(g)
		if err == nil { // else its items are evaluated again when met
			for i, k := range b.keys {
				m.store(k, b.raws[i])
			}
		}
		m.mu.Unlock()
	}
}

// pop takes the oldest group off the queue, which keeps no pointer to
// it (its converted items are the largest thing the memo holds); m.mu is
// held.
func (m *Memo) pop() *group {
	g := m.queue[0]
	m.queue[0] = nil
	if m.queue = m.queue[1:]; len(m.queue) == 0 {
		m.queue = nil
	}
	return g
}

// forget drops g's items from the pending ones; m.mu is held.
func (m *Memo) forget(g *group) {
	m.queued -= len(g.b.keys)
	for _, k := range g.b.keys {
		if m.pending[k] == g {
			delete(m.pending, k)
		}
	}
}

// Queued is the number of items whose batch waits for its cut.
func (m *Memo) Queued() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.queued
}

// Settle waits until every group is cut, or ctx ends. The cut then
// needs no quiet, only that no evaluation runs.
func (m *Memo) Settle(ctx context.Context) error {
	m.mu.Lock()
	idle := m.idle
	m.settling++
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.settling--
		m.mu.Unlock()
	}()
	if idle == nil {
		return nil
	}
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// groupHits gives the jobs' unknown items that make up whole groups
// their groups' findings, and marks them known.
func groupHits(jobs []*job) []Raw {
	held := map[*group]map[itemKey]bool{}
	for _, j := range jobs {
		for i, g := range j.groups {
			if g != nil && !j.known[i] {
				if held[g] == nil {
					held[g] = map[itemKey]bool{}
				}
				held[g][j.keys[i]] = true
			}
		}
	}
	var out []Raw
	for g, keys := range held {
		if len(keys) == g.distinct {
			out = append(out, g.b.whole...)
		} else {
			delete(held, g)
		}
	}
	for _, j := range jobs {
		for i, g := range j.groups {
			if _, whole := held[g]; g != nil && whole {
				j.known[i], j.items[i] = true, nil
			}
		}
	}
	return out
}
