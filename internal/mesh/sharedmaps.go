package mesh

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sync"
)

// The string maps the model reads (labels, annotations, selectors) repeat
// across a cluster: a Deployment's pod labels in its Service's selector
// and its PeerAuthentication's, one app's labels in every namespace that
// runs it. A Go map holding even one entry costs about 300 bytes, and
// the webhook keeps every construction for as long as it runs (Cache),
// so a map is shared between the constructions whose entries are equal.
// No construction writes the maps it reads (a merge makes a new one:
// gatewayplane.go), so sharing them changes nothing they answer.
//
// The table is bounded: once it holds maxSharedMaps maps it takes no
// more (those it holds are still shared), so a stream of maps that never
// repeat costs it a bounded amount. Maps of more than maxSharedEntries
// entries or maxSharedBytes of text, which rarely repeat, are not shared.
const (
	maxSharedMaps    = 1 << 15
	maxSharedEntries = 16
	maxSharedBytes   = 512
)

var sharedMaps = &mapTable{maps: make(map[string]map[string]string)}

type mapTable struct {
	mu   sync.RWMutex
	maps map[string]map[string]string // content key -> the shared map
}

// get returns the table's map holding m's entries, their values read as
// strings, or a new one.
func (t *mapTable) get(m map[string]any) map[string]string {
	key, ok := contentKey(m)
	if !ok {
		return newStringMap(m)
	}
	t.mu.RLock()
	s, hit := t.maps[string(key)] // no string is made for the lookup
	t.mu.RUnlock()
	if hit {
		return s
	}
	s = newStringMap(m)
	t.mu.Lock()
	defer t.mu.Unlock()
	if old, ok := t.maps[string(key)]; ok {
		return old
	}
	if len(t.maps) < maxSharedMaps {
		t.maps[string(key)] = s
	}
	return s
}

// SharedMapsIntact reports a shared map whose entries no longer match
// those it was shared for: a construction wrote a map it must only read.
// Test suites call it once every test has run (TestMain).
func SharedMapsIntact() error {
	t := sharedMaps
	t.mu.RLock()
	defer t.mu.RUnlock()
	for key, m := range t.maps {
		as := make(map[string]any, len(m))
		for k, v := range m {
			as[k] = v
		}
		if now, _ := contentKey(as); string(now) != key {
			return fmt.Errorf("a shared string map was written: it holds %v", m)
		}
	}
	return nil
}

// contentKey is m's entries in key order, each key and value
// length-prefixed (so no two maps share a key); false for a map too
// large to share.
func contentKey(m map[string]any) ([]byte, bool) {
	if len(m) > maxSharedEntries {
		return nil, false
	}
	var buf [maxSharedEntries]string
	keys := buf[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	key := make([]byte, 0, 128)
	for _, k := range keys {
		v := scalarString(m[k])
		key = binary.AppendUvarint(key, uint64(len(k)))
		key = append(key, k...)
		key = binary.AppendUvarint(key, uint64(len(v)))
		key = append(key, v...)
		if len(key) > maxSharedBytes {
			return nil, false
		}
	}
	return key, true
}
