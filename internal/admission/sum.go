package admission

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"math"
	"slices"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/meshlint/meshlint/internal/kinds"
	"github.com/meshlint/meshlint/internal/manifest"
)

// sum keys the change's objects as the states they are in are keyed
// (cache.go): by requestSum. Validation does; mutation keys nothing.
func (c *change) sum() {
	for _, o := range []*manifest.Object{c.old, c.new} {
		if o != nil {
			o.Sum = requestSum(o)
		}
	}
}

// requestSum is the sum of a request's object as the informers will hold
// it once it is stored (kinds.Bound, webhook/transform.go: without its
// status, managed fields and last-applied copy, a workload without how it
// is scheduled, sized and probed, a ConfigMap's other values cut to their
// URLs), so that the state after a change is, by key, the state before
// the next one (cache.go). What is evaluated is the object as sent:
// Bound keeps all that the model reads of it (kinds/bound_verdict_test.go),
// as the Store's every object relies on, but for a ConfigMap's values
// that are neither nginx configuration nor a snippet that parses (a
// snippet with a syntax error is cut to its URLs, and the error the
// evaluation reports is the request's own): a ConfigMap Bound cuts is
// summed as sent, and so is an object a workload controller made, which
// the Store does not hold.
func requestSum(o *manifest.Object) [2]uint64 {
	body, _ := normalize(o.Body).(map[string]any)
	u := &unstructured.Unstructured{Object: body}
	if body == nil || kinds.OwnedByWorkload(u) {
		return contentSum(o)
	}
	data, _ := body["data"].(map[string]any)
	data, binary := maps.Clone(data), body["binaryData"] != nil
	bound := kinds.Bound(u).Object
	if cut, _ := bound["data"].(map[string]any); binary || !maps.EqualFunc(data, cut, sameString) {
		return contentSum(o)
	}
	return contentSum(&manifest.Object{Body: bound, File: o.File, Line: o.Line, Index: o.Index})
}

// contentSum hashes what the model can read of o: its whole body but
// metadata.resourceVersion and metadata.uid, which the model never reads
// (internal/mesh) and the API server sets anew (the one with every write
// of the object, the other with every CREATE, a dry run's included); and
// where o says it comes from (file, line, input order: findings and
// problems name them, and the order decides between configs without a
// creationTimestamp). An
// informer's update whose only change is there (a status update, which
// the informers strip; a resync) leaves the sum, and so the state, as it
// was: the cache of states before a change still holds, and the webhook
// does not evaluate the cluster again (internal/webhook/warm.go).
// Two seeded 64-bit hashes of an encoding that tells every pair of
// different bodies apart (each value tagged with its type, a whole
// number alike as an integer or a float, strings and lists with their
// length, a map's keys sorted); never zero.
func contentSum(o *manifest.Object) [2]uint64 {
	var e sumEncoder
	e.str('F', o.File)
	e.b = binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(e.b, uint64(o.Line)), uint64(o.Index))
	e.mapping(o.Body, nil, true)
	s := [2]uint64{maphash.Bytes(sumSeeds[0], e.b), maphash.Bytes(sumSeeds[1], e.b)}
	if s == ([2]uint64{}) {
		s[0] = 1
	}
	return s
}

var sumSeeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}

type sumEncoder struct{ b []byte }

func (e *sumEncoder) value(v any) {
	switch x := v.(type) {
	case nil:
		e.b = append(e.b, 'n')
	case bool:
		e.b = append(e.b, 'f')
		if x {
			e.b[len(e.b)-1] = 't'
		}
	case string:
		e.str('s', x)
	case int64:
		e.b = binary.LittleEndian.AppendUint64(append(e.b, 'i'), uint64(x))
	case float64: // a whole number as the integer it is: the model reads both alike (tree.Scalar, tree.ToInt)
		if x == math.Trunc(x) && math.Abs(x) < 1<<62 {
			e.value(int64(x))
			return
		}
		e.b = binary.LittleEndian.AppendUint64(append(e.b, 'd'), math.Float64bits(x))
	case []any:
		e.b = binary.LittleEndian.AppendUint32(append(e.b, 'l'), uint32(len(x)))
		for _, it := range x {
			e.value(it)
		}
	case map[string]any:
		e.mapping(x, nil, false)
	default: // not a decoded JSON value (the Store holds none)
		e.str('?', fmt.Sprintf("%T %#v", x, x))
	}
}

// mapping encodes m, its keys sorted, without the keys omit; body: m is
// the object's body, whose metadata goes without what the model never
// reads and the API server sets on every write (metadata).
func (e *sumEncoder) mapping(m map[string]any, omit func(string) bool, body bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		if omit == nil || !omit(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	e.b = binary.LittleEndian.AppendUint32(append(e.b, 'm'), uint32(len(keys)))
	for _, k := range keys {
		e.str('k', k)
		if meta, ok := m[k].(map[string]any); ok && body && k == "metadata" {
			e.metadata(meta)
			continue
		}
		e.value(m[k])
	}
}

func (e *sumEncoder) str(tag byte, s string) {
	e.b = binary.LittleEndian.AppendUint32(append(e.b, tag), uint32(len(s)))
	e.b = append(e.b, s...)
}

// sameString: both are the same string (a ConfigMap's data holds nothing
// else; anything else is not compared).
func sameString(a, b any) bool {
	x, ok := a.(string)
	y, ok2 := b.(string)
	return ok && ok2 && x == y
}

// metadata encodes an object's metadata without its resourceVersion,
// which moves with every write, and its uid, which the API server gives
// each CREATE anew (a server-side dry run's and then the create's):
// neither is read by the model.
func (e *sumEncoder) metadata(meta map[string]any) {
	e.mapping(meta, func(k string) bool { return k == "resourceVersion" || k == "uid" }, false)
}
