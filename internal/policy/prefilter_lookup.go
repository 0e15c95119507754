package policy

import (
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
)

// What the prefilter's tests read of an item: the value at a path of
// field names, as OPA's value where it is a scalar, and whether it is
// there at all.

// lookup states of a field.
const (
	defined = iota
	undefined
	opaque // the path goes through a value lookup does not read
)

// lookup returns the scalar at path in item as an OPA value (nil for a
// list or object there), or says it is undefined or opaque.
func lookup(item any, path []string) (ast.Value, int) {
	v, state := walk(item, path)
	if state != defined {
		return nil, state
	}
	return scalarValue(v)
}

// walk returns the value at path in item.
func walk(item any, path []string) (any, int) {
	v := item
	for _, k := range path {
		next, state := field(v, k)
		if state != defined {
			return nil, state
		}
		v = next
	}
	return v, defined
}

// countAt is count() of the value at path: of a list, an object or a
// string (in characters); undefined where the path is, or where count
// fails on a number, a boolean or null (a builtin's error leaves the
// expression undefined); opaque for anything else, which the evaluation
// decides.
func countAt(item any, path []string) (ast.Value, int) {
	v, state := walk(item, path)
	if state != defined {
		return nil, state
	}
	n := -1
	switch x := v.(type) {
	case []any:
		n = len(x)
	case fact.Object:
		n = x.Len()
	case map[string]any:
		n = len(x)
	case string:
		n = utf8.RuneCountInString(x)
	case nil, bool, int:
		return nil, undefined
	}
	if n < 0 {
		return nil, opaque
	}
	return ast.InternedTerm(n).Value, defined
}

// field is v's field k.
func field(v any, k string) (any, int) {
	switch x := v.(type) {
	case fact.Object:
		for i := range x.Len() {
			if name, f := x.Field(i); name == k {
				return f, defined
			}
		}
		return nil, undefined
	case map[string]any:
		if f, ok := x[k]; ok {
			return f, defined
		}
		return nil, undefined
	case fact.Ref:
		return refField(x, k)
	case ast.Object:
		if t := x.Get(ast.InternedTerm(k)); t != nil {
			return t.Value, defined
		}
		return nil, undefined
	case nil, string, bool, int, ast.String, ast.Number, ast.Boolean, ast.Null:
		return nil, undefined // a field of a scalar is undefined in Rego too
	}
	return nil, opaque
}

// scalarValue is v as OPA's value when it is a string, number, boolean
// or null; nil (defined) for a list or an object; opaque for anything
// else.
func scalarValue(v any) (ast.Value, int) {
	switch x := v.(type) {
	case nil:
		return ast.NullValue, defined
	case string:
		return ast.String(x), defined
	case bool:
		return ast.Boolean(x), defined
	case int:
		return ast.InternedTerm(x).Value, defined
	case ast.String, ast.Number, ast.Boolean, ast.Null:
		return x.(ast.Value), defined
	case fact.Object, map[string]any, fact.Ref, []any, ast.Object, *ast.Array, ast.Set:
		return nil, defined
	}
	return nil, opaque
}

// refField is a reference's field k, as its map has it (fact.Ref.Map).
func refField(r fact.Ref, k string) (any, int) {
	switch k {
	case "apiVersion":
		return r.APIVersion, defined
	case "kind":
		return r.Kind, defined
	case "namespace":
		return r.Namespace, defined
	case "name":
		return r.Name, defined
	}
	return nil, undefined
}
