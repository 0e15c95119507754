package mesh

import "github.com/meshlint/meshlint/internal/fact"

// istioSchemaFacts lists the Istio fields the API server drops or refuses
// (docs/facts.md input.istio_schema).
func (m *Model) istioSchemaFacts(lo, hi int) []any {
	out := make([]any, 0, hi-lo)
	for _, is := range m.Schema[lo:hi] {
		ref := is.Object.Ref()
		ref.Namespace = NamespaceOf(is.Object)
		out = append(out, fact.Object{"ref", m.refFact(ref), "line", is.Line, "field", is.Field,
			"kind", string(is.Kind), "detail", is.Detail, "suggestion", is.Suggestion,
			"rejected", is.Rejected})
	}
	return out
}
