package istioschema

import (
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/parallel"
)

// lookupKinds finds the checker of every kind and version in objs, each
// once, the kinds' checkers built on every core: building one (the
// structural schema, the CEL programs of its rules) and its shape takes
// 5-15 ms, and a run's objects bring a few kinds, all needed before any
// object is judged.
func lookupKinds(objs []*manifest.Object) map[[2]string]found {
	kinds := map[[2]string]found{}
	var firsts []*manifest.Object
	for _, o := range objs {
		k := [2]string{o.APIVersion, o.Kind}
		if _, seen := kinds[k]; !seen {
			kinds[k] = found{}
			firsts = append(firsts, o)
		}
	}
	fs := make([]found, len(firsts))
	parallel.For(len(firsts), func(i int) {
		f := &fs[i]
		if f.c, f.v, f.ok = lookup(firsts[i]); f.c != nil {
			f.c.shape()
		}
	})
	for i, o := range firsts {
		kinds[[2]string{o.APIVersion, o.Kind}] = fs[i]
	}
	return kinds
}
