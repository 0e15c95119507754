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
// equal contents (metadata aside, and the values of the string fields
// nothing reads: see shape) are judged once: the API server's validation
// costs about 100 us an object, and a mesh repeats its policies across
// namespaces.
func CheckAll(objs []*manifest.Object) []Result {
	out := make([]Result, len(objs))
	keys := make([]groupKey, len(objs))
	kinds := lookupKinds(objs)
	for i, o := range objs {
		f := kinds[[2]string{o.APIVersion, o.Kind}]
		switch {
		case !f.ok:
		case f.v != nil:
			out[i] = f.v.result(o)
		default:
			keys[i].checker = f.c
		}
	}
	parallel.For(len(objs), func(i int) {
		if c := keys[i].checker; c != nil {
			keys[i].hash = contentHash(c.shape(), objs[i].Body)
		}
	})
	var groups []*cohort
	index := map[groupKey][]*cohort{}
	for i, o := range objs {
		if k := keys[i]; k.checker != nil {
			groups = join(index, groups, k, k.checker.shape(), i, o)
		}
	}
	judgeAll(objs, groups)
	var exact []*cohort
	for _, g := range groups {
		if g.shape != nil && !g.verdict.clean() {
			exact = append(exact, g.split(objs)...)
		}
	}
	judgeAll(objs, exact)
	for _, g := range append(groups, exact...) {
		if g.verdict.clean() || g.shape == nil {
			for _, i := range g.members {
				out[i] = g.verdict.result(objs[i])
			}
		}
	}
	return out
}

// judgeAll judges the first member of each group that has no verdict yet.
func judgeAll(objs []*manifest.Object, groups []*cohort) {
	parallel.For(len(groups), func(j int) {
		if g := groups[j]; g.verdict == nil {
			g.verdict = g.checker.judge(objs[g.members[0]].Body)
		}
	})
}

// split regroups a cohort whose judged member has issues by exact
// content: the issues (their words, the stored body) are each content's
// own. The group of the judged member keeps its verdict.
func (g *cohort) split(objs []*manifest.Object) []*cohort {
	index := map[groupKey][]*cohort{}
	var out []*cohort
	for _, i := range g.members {
		out = join(index, out, groupKey{g.checker, contentHash(nil, objs[i].Body)}, nil, i, objs[i])
	}
	out[0].verdict = g.verdict
	return out
}

// found is what lookup says of a kind and version.
type found struct {
	c  *checker
	v  *verdict
	ok bool
}

type groupKey struct {
	checker *checker
	hash    uint64
}

type cohort struct {
	checker *checker
	shape   *shape // its members are equal but for shape's free strings; nil: equal
	members []int  // indexes in objs; the first is judged
	first   map[string]any
	verdict *verdict
}

// join adds object i to the group of its equal content, or to a new one.
func join(index map[groupKey][]*cohort, groups []*cohort, k groupKey, t *shape, i int, o *manifest.Object) []*cohort {
	for _, g := range index[k] {
		if sameContent(t, g.first, o.Body) {
			g.members = append(g.members, i)
			return groups
		}
	}
	g := &cohort{checker: k.checker, shape: t, members: []int{i}}
	g.first = o.Body
	index[k] = append(index[k], g)
	return append(groups, g)
}

var seed = maphash.MakeSeed()

// contentHash hashes body without metadata; map entries are combined
// independently of their order, and t's free strings hash alike.
func contentHash(t *shape, body map[string]any) uint64 {
	var h uint64
	for k, v := range body {
		if k != "metadata" {
			h += mix(maphash.String(seed, k), t.child(k).hash(v))
		}
	}
	return h
}

func (t *shape) hash(v any) uint64 {
	switch v := v.(type) {
	case map[string]any:
		var h uint64 = 1
		for k, x := range v {
			h += mix(maphash.String(seed, k), t.child(k).hash(x))
		}
		return mix(h, 2)
	case []any:
		var h uint64 = 3
		for _, x := range v {
			h = mix(h, t.elem().hash(x))
		}
		return h
	case string:
		if t != nil && t.free {
			return 10
		}
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

// child is the shape of a field's value; nil (exact) for one the
// schema does not have.
func (t *shape) child(k string) *shape {
	if t == nil {
		return nil
	}
	if c := t.props[k]; c != nil {
		return c
	}
	return t.addl
}

func (t *shape) elem() *shape {
	if t == nil {
		return nil
	}
	return t.items
}

// mix combines two hashes (the finaliser of splitmix64).
func mix(a, b uint64) uint64 {
	z := a ^ (b + 0x9e3779b97f4a7c15 + a<<6 + a>>2)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// sameContent compares two bodies without their metadata.
func sameContent(t *shape, a, b map[string]any) bool {
	n := 0
	for k, v := range a {
		if k == "metadata" {
			continue
		}
		w, ok := b[k]
		if !ok || !t.child(k).equal(v, w) {
			return false
		}
		n++
	}
	_, am := a["metadata"]
	_, bm := b["metadata"]
	return len(b)-n == boolInt(bm) && len(a)-n == boolInt(am)
}

// equal compares decoded documents (reflect.DeepEqual, without
// reflection), t's free strings aside.
func (t *shape) equal(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		m, ok := b.(map[string]any)
		if !ok || len(m) != len(a) {
			return false
		}
		for k, v := range a {
			w, ok := m[k]
			if !ok || !t.child(k).equal(v, w) {
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
			if !t.elem().equal(a[i], l[i]) {
				return false
			}
		}
		return true
	case string:
		_, isString := b.(string)
		return a == b || (t != nil && t.free && isString)
	case int64, float64, bool, nil:
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
