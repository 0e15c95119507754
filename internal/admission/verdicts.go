package admission

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/meshlint/meshlint/internal/manifest"
)

// verdictCache remembers the verdicts of recent requests whose two states
// are in the cache of states (cache.go), and answers with one a request
// whose two states both came from there. The same change of the
// same object on the same state, asked again (a server-side dry run and
// then the change, a client's retry, a GitOps controller's dry run of
// every object at each sync), is answered as it was, without comparing
// the findings of the two states again: tens of milliseconds for a
// change that reaches every namespace of 50,000 objects. A verdict is a
// function of the two states' content (the object under review's
// annotations and the others' included: the waivers read them), which
// object is under review and how (its reference, the operation: the
// message names it, the redaction keeps its namespace), and the engine's
// config.
type verdictCache[K verdictKey | requestKey] struct {
	mu      sync.Mutex
	entries map[K]Verdict
	hits    atomic.Int64 // for tests
}

// verdictKey: states holds the keys of the states before and after in
// the cache of states.
type verdictKey struct {
	states [2]uint64
	ref    manifest.Ref
	op     Operation
}

// requestKey is a request on a version of the Store: the answer to the
// same request (its objects by content, as the states' keys hold them,
// and the operation) on the same Store that did not change since
// (Store.Changes; the meshed namespaces of the last Warm, which pick the
// stand-ins, did not either) is the answer it had. Asked again before
// anything changed (a dry run and then the change on a quiet cluster),
// a request is answered without its scope or states being looked at: a
// change that reaches every namespace of 100,000 objects lists them all.
type requestKey struct {
	store, changes, warmed uint64
	old, new               [2]uint64
	op                     Operation
}

// requestKey is c's key on snap; ok is false when snap is not a Store, or
// for the exhaustive oracle.
func (e *Engine) requestKey(snap Snapshot, c *change) (requestKey, bool) {
	st, ok := snap.(*Store)
	if !ok || e.exhaustive {
		return requestKey{}, false
	}
	k := requestKey{store: st.id, changes: st.Changes(), warmed: e.warmed.Load(), op: c.req.Operation}
	if c.old != nil {
		k.old = c.old.Sum
	}
	if c.new != nil {
		k.new = c.new.Sum
	}
	return k, true
}

// unchangedSince: snap is still the version k was taken on (an answer
// that read a Store changing under it is no answer to its key).
func (e *Engine) unchangedSince(snap Snapshot, k requestKey) bool {
	st, _ := snap.(*Store)
	return st != nil && st.Changes() == k.changes && e.warmed.Load() == k.warmed
}

// maxVerdicts bounds the caches: a few hundred changes asked again.
const maxVerdicts = 256

func newVerdictCache[K verdictKey | requestKey]() *verdictCache[K] {
	return &verdictCache[K]{entries: map[K]Verdict{}}
}

// key is the key of c's verdict on s; ok is false when s's states are
// not both in the cache of states.
func (s states) key(c *change) (verdictKey, bool) {
	return verdictKey{s.keys, c.current().Ref(), c.req.Operation}, s.keys != [2]uint64{}
}

func (vc *verdictCache[K]) get(k K) (Verdict, bool) {
	vc.mu.Lock()
	v, ok := vc.entries[k]
	vc.mu.Unlock()
	if ok {
		vc.hits.Add(1)
	}
	return v.clone(), ok
}

func (vc *verdictCache[K]) put(k K, v Verdict) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if len(vc.entries) >= maxVerdicts {
		for old := range vc.entries { // evict one at random
			delete(vc.entries, old)
			break
		}
	}
	vc.entries[k] = v.clone()
}

// clone is v with slices of its own: the caller may change what it gets.
func (v Verdict) clone() Verdict {
	v.Warnings, v.Errors, v.Ignored = slices.Clone(v.Warnings), slices.Clone(v.Errors), slices.Clone(v.Ignored)
	v.Findings = slices.Clone(v.Findings)
	return v
}
