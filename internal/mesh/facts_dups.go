package mesh

import (
	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/manifest"
)

// duplicates are the objects the inputs define more than once; the model
// holds only their last definition (manifest.Result.RemoveDuplicates).
func (m *Model) duplicates() []*manifest.Object {
	var out []*manifest.Object
	for _, o := range m.Objects {
		if len(o.Earlier) > 0 {
			out = append(out, o)
		}
	}
	return out
}

// duplicateFacts: input.duplicates (docs/facts.md).
func duplicateFacts(dups []*manifest.Object) func(lo, hi int) []any {
	return func(lo, hi int) []any {
		out := make([]any, 0, hi-lo)
		for _, o := range dups[lo:hi] {
			earlier := make([]any, len(o.Earlier))
			for i, e := range o.Earlier {
				earlier[i] = fact.Object{"file", e.File, "line", e.Line, "apiVersion", e.APIVersion}
			}
			ref := o.Ref()
			ref.Namespace = NamespaceOf(o)
			out = append(out, fact.Object{"ref", fact.Ref(ref), "file", o.File, "line", o.Line, "earlier", earlier})
		}
		return out
	}
}
