package istioschema

import (
	"hash/maphash"
	"math"
	"reflect"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/parallel"
)

// CheckAll checks objs against their Istio CRDs: results[i] is objs[i]'s
// (a zero Result outside the Istio groups). Objects of one schema with
// equal contents (metadata aside) are judged once: the API server's
// validation costs about 100 us an object, and a mesh repeats its
// policies across namespaces.
func CheckAll(objs []*manifest.Object) []Result {
	out := make([]Result, len(objs))
	var groups []*cohort
	index := map[groupKey][]*cohort{}
	for i, o := range objs {
		c, v, ok := lookup(o)
		switch {
		case !ok:
		case v != nil:
			out[i] = v.result(o)
		default:
			groups = join(index, groups, c, i, o)
		}
	}
	parallel.For(len(groups), func(j int) {
		g := groups[j]
		g.verdict = g.checker.judge(objs[g.members[0]].Body)
	})
	for _, g := range groups {
		for _, i := range g.members {
			out[i] = g.verdict.result(objs[i])
		}
	}
	return out
}

type groupKey struct {
	checker *checker
	hash    uint64
}

type cohort struct {
	checker *checker
	members []int // indexes in objs; the first is judged
	first   map[string]any
	verdict *verdict
}

// join adds object i to the group of its equal content, or to a new one.
func join(index map[groupKey][]*cohort, groups []*cohort, c *checker, i int, o *manifest.Object) []*cohort {
	k := groupKey{c, contentHash(o.Body)}
	for _, g := range index[k] {
		if sameContent(g.first, o.Body) {
			g.members = append(g.members, i)
			return groups
		}
	}
	g := &cohort{checker: c, members: []int{i}}
	g.first = o.Body
	index[k] = append(index[k], g)
	return append(groups, g)
}

var seed = maphash.MakeSeed()

// contentHash hashes body without metadata; map entries are combined
// independently of their order.
func contentHash(body map[string]any) uint64 {
	var h uint64
	for k, v := range body {
		if k != "metadata" {
			h += mix(maphash.String(seed, k), valueHash(v))
		}
	}
	return h
}

func valueHash(v any) uint64 {
	switch v := v.(type) {
	case map[string]any:
		var h uint64 = 1
		for k, x := range v {
			h += mix(maphash.String(seed, k), valueHash(x))
		}
		return mix(h, 2)
	case []any:
		var h uint64 = 3
		for _, x := range v {
			h = mix(h, valueHash(x))
		}
		return h
	case string:
		return mix(maphash.String(seed, v), 4)
	case int64:
		return mix(uint64(v), 5)
	case float64:
		return mix(math.Float64bits(v), 6)
	case bool:
		if v {
			return 7
		}
		return 8
	}
	return 9
}

// mix combines two hashes (the finaliser of splitmix64).
func mix(a, b uint64) uint64 {
	z := a ^ (b + 0x9e3779b97f4a7c15 + a<<6 + a>>2)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// sameContent compares two bodies without their metadata.
func sameContent(a, b map[string]any) bool {
	n := 0
	for k, v := range a {
		if k == "metadata" {
			continue
		}
		w, ok := b[k]
		if !ok || !equal(v, w) {
			return false
		}
		n++
	}
	_, am := a["metadata"]
	_, bm := b["metadata"]
	return len(b)-n == boolInt(bm) && len(a)-n == boolInt(am)
}

// equal compares decoded documents (reflect.DeepEqual, without reflection).
func equal(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		m, ok := b.(map[string]any)
		if !ok || len(m) != len(a) {
			return false
		}
		for k, v := range a {
			w, ok := m[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	case []any:
		l, ok := b.([]any)
		if !ok || len(l) != len(a) {
			return false
		}
		for i := range a {
			if !equal(a[i], l[i]) {
				return false
			}
		}
		return true
	case string, int64, float64, bool, nil:
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
