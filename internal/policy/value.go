package policy

import (
	"strconv"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/memo"
)

// value converts a fact (maps, lists, strings, numbers, booleans, null,
// and values already in OPA's form) as ast.InterfaceToValue does, with
// the object keys as shared terms: the facts use a few dozen keys, each
// millions of times in a large run. Other types go to InterfaceToValue.
func value(v any) (ast.Value, error) {
	switch x := v.(type) {
	case nil:
		return ast.Null{}, nil
	case string:
		return ast.String(x), nil
	case bool:
		return ast.Boolean(x), nil
	case int:
		return ast.Number(strconv.Itoa(x)), nil
	case ast.Value:
		return x, nil
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, it := range x {
			t, err := value(it)
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(t)
		}
		return ast.NewArray(terms...), nil
	case map[string]any:
		kvs := make([][2]*ast.Term, 0, len(x))
		for k, it := range x {
			t, err := value(it)
			if err != nil {
				return nil, err
			}
			kvs = append(kvs, [2]*ast.Term{keyTerm(k), ast.NewTerm(t)})
		}
		return ast.NewObject(kvs...), nil
	case fact.Object:
		kvs := make([][2]*ast.Term, x.Len())
		for i := range kvs {
			k, it := x.Field(i)
			t, err := value(it)
			if err != nil {
				return nil, err
			}
			kvs[i] = [2]*ast.Term{keyTerm(k), ast.NewTerm(t)}
		}
		return ast.NewObject(kvs...), nil
	}
	return ast.InterfaceToValue(v)
}

// keys holds the shared key terms (terms are not changed once built), so
// many: map keys that are data (labels) vary without end in a large
// cluster.
var keys = memo.Bounded[string, *ast.Term]{Max: 4096}

func keyTerm(k string) *ast.Term { return keys.Get(k, ast.StringTerm) }
