package admission

import (
	"slices"
	"strings"
	"sync"
)

// order keeps every stored entry in key order, the order Objects gives
// a scope's objects in (the order the model reads them), for the
// evaluations of the whole cluster: sorting 100,000 entries for each of
// them cost a tenth of a second. A Set that replaces an object keeps its
// place; a key added or deleted makes the order stale, and the next
// whole-cluster read sorts again (the informers' first lists add every
// object, then the cluster mostly updates).
type order struct {
	mu    sync.Mutex // readers, under the Store's read lock, may rebuild it at once
	list  []*entry
	stale bool
}

// replaced puts e in the place of the entry of its key. The caller holds
// the Store's write lock.
func (o *order) replaced(e *entry) {
	if o.stale {
		return
	}
	i, found := slices.BinarySearchFunc(o.list, e.key, func(x *entry, k string) int { return strings.Compare(x.key, k) })
	if !found {
		o.stale = true
		return
	}
	o.list[i] = e
}

// all returns every entry of s in key order. The caller holds the
// Store's read lock and must not modify the list.
func (o *order) all(s *Store) []*entry {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.stale {
		return o.list
	}
	list := make([]*entry, 0, len(o.list))
	for _, e := range s.namespaces {
		list = append(list, e)
	}
	for _, e := range s.classes {
		list = append(list, e)
	}
	for _, bucket := range s.byNS {
		for _, e := range bucket {
			list = append(list, e)
		}
	}
	slices.SortFunc(list, func(a, b *entry) int { return strings.Compare(a.key, b.key) })
	o.list, o.stale = list, false
	return list
}
