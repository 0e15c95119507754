package mutate

import "github.com/meshlint/meshlint/internal/tree"

// Readers over decoded manifest bodies (internal/tree). A value of the
// wrong type reads as absent: a mutation never acts on a manifest it does
// not understand. Functions rather than variables holding tree's, so
// that no path is allocated (mesh/access.go).
func mapAt(m map[string]any, path ...string) map[string]any { return tree.Map(m, path...) }
func listAt(m map[string]any, path ...string) []any         { return tree.List(m, path...) }
func has(m map[string]any, path ...string) bool             { return tree.Has(m, path...) }

// number reads an integer field written as a YAML or JSON number.
func number(v any) (int, bool) {
	if _, isString := v.(string); isString {
		return 0, false
	}
	return tree.ToInt(v)
}
