// Package intern shares the strings that repeat across a cluster's
// objects: the keys of every manifest (metadata, labels, containerPort...)
// and the short values many objects hold (a namespace's name in each of
// its objects and selectors, protocol names, images). A JSON decoder
// allocates each of them again for every object; the webhook holds a
// cluster's objects for as long as it runs.
package intern

import "sync"

// maxLen is the longest string a Table takes: longer ones rarely repeat.
const maxLen = 64

// Table is a bounded set of strings, safe for concurrent use. It keeps
// each string in an interface too: a tree's values are interfaces, and
// one holding a string points to a copy of its header, which the
// tree's values then share as well.
type Table struct {
	mu      sync.RWMutex
	strings map[string]any // s -> s in an interface
	max     int
}

// New returns a table that takes no new string once it holds max: a
// stream of values that never repeat (names, UIDs) costs it a bounded
// amount, and what it holds by then is still shared.
func New(max int) *Table {
	return &Table{strings: make(map[string]any), max: max}
}

// String returns the table's copy of s, keeping s when there is room.
func (t *Table) String(s string) string {
	return t.value(s).(string)
}

// value is String in an interface, the table's own when it holds s.
func (t *Table) value(s string) any {
	if s == "" || len(s) > maxLen {
		return s
	}
	t.mu.RLock()
	c, ok := t.strings[s]
	t.mu.RUnlock()
	if ok {
		return c
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if c, ok := t.strings[s]; ok {
		return c
	}
	var v any = s
	if len(t.strings) < t.max {
		t.strings[s] = v
	}
	return v
}

// Len is how many strings the table holds.
func (t *Table) Len() int {
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.strings)
}

// Tree replaces, in place, every map key and string value of v (a
// decoded JSON tree: maps, lists, scalars) by the table's copy. A map
// entry assigned under an equal key takes the new key (Go's maps update
// a string key on assignment), so the decoder's copy is let go.
func (t *Table) Tree(v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok {
				x = t.value(s)
			} else {
				t.Tree(x)
			}
			v[t.String(k)] = x
		}
	case []any:
		for i, x := range v {
			if s, ok := x.(string); ok {
				v[i] = t.value(s)
			} else {
				t.Tree(x)
			}
		}
	}
}
