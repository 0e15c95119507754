package mutate

import "github.com/meshlint/meshlint/internal/tree"

// Readers over decoded manifest bodies (internal/tree). A value of the
// wrong type reads as absent: a mutation never acts on a manifest it does
// not understand.
var (
	mapAt  = tree.Map
	listAt = tree.List
	has    = tree.Has
)

// number reads an integer field written as a YAML or JSON number.
func number(v any) (int, bool) {
	if _, isString := v.(string); isString {
		return 0, false
	}
	return tree.ToInt(v)
}
