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
type verdictCache struct {
	mu      sync.Mutex
	entries map[verdictKey]Verdict
	hits    atomic.Int64 // for tests
}

// verdictKey: states holds the keys of the states before and after in
// the cache of states.
type verdictKey struct {
	states [2]uint64
	ref    manifest.Ref
	op     Operation
}

// maxVerdicts bounds the cache: a few hundred changes asked again.
const maxVerdicts = 256

func newVerdictCache() *verdictCache { return &verdictCache{entries: map[verdictKey]Verdict{}} }

// key is the key of c's verdict on s; ok is false when s's states are
// not both in the cache of states.
func (s states) key(c *change) (verdictKey, bool) {
	return verdictKey{s.keys, c.current().Ref(), c.req.Operation}, s.keys != [2]uint64{}
}

func (vc *verdictCache) get(k verdictKey) (Verdict, bool) {
	vc.mu.Lock()
	v, ok := vc.entries[k]
	vc.mu.Unlock()
	if ok {
		vc.hits.Add(1)
	}
	return v.clone(), ok
}

func (vc *verdictCache) put(k verdictKey, v Verdict) {
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
