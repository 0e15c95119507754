package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/memo"
)

// value converts a fact (fact objects, maps, lists, strings, numbers,
// booleans, null, and values already in OPA's form) as
// ast.InterfaceToValue converts the same fields as maps, with
// the object keys as shared terms: the facts use a few dozen keys, each
// millions of times in a large run. Other types go to InterfaceToValue.
func value(v any) (ast.Value, error) {
	var c converter
	t, err := c.term(v)
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

// converter converts facts one after the other (value), reusing the
// key-value pairs it gathers for each object: ast.NewObject copies them.
// Null, booleans, small integers and the empty string are OPA's interned
// terms, shared as OPA shares them; the strings it converts are shared
// too, up to maxStrings of them (the items of one chunk repeat their
// kinds, modes, namespaces and names over and over).
type converter struct {
	kvs     [][2]*ast.Term
	strings map[string]*ast.Term
	refs    map[fact.Ref]*ast.Term // the references it converted, shared alike
}

const maxStrings = 1024

func (c *converter) str(s string) *ast.Term {
	if t, ok := c.strings[s]; ok {
		return t
	}
	t := ast.InternedTerm(s)
	if c.strings == nil {
		c.strings = make(map[string]*ast.Term, 64)
	}
	if len(c.strings) < maxStrings {
		c.strings[s] = t
	}
	return t
}

func (c *converter) term(v any) (*ast.Term, error) {
	switch x := v.(type) {
	case nil:
		return ast.InternedNullTerm, nil
	case string:
		return c.str(x), nil
	case bool:
		return ast.InternedTerm(x), nil
	case int:
		return ast.InternedTerm(x), nil
	case ast.Value:
		return ast.NewTerm(x), nil
	case fact.Ref:
		return c.ref(x), nil
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, it := range x {
			t, err := c.term(it)
			if err != nil {
				return nil, err
			}
			terms[i] = t
		}
		return ast.NewTerm(ast.NewArray(terms...)), nil
	case map[string]any:
		base := len(c.kvs)
		for k, it := range x {
			if err := c.field(k, it); err != nil {
				return nil, err
			}
		}
		return c.object(base), nil
	case fact.Object:
		base := len(c.kvs)
		for i := range x.Len() {
			if err := c.field(x.Field(i)); err != nil {
				return nil, err
			}
		}
		return c.object(base), nil
	}
	val, err := ast.InterfaceToValue(v)
	if err != nil {
		return nil, err
	}
	return ast.NewTerm(val), nil
}

// ref converts a reference, once per converter (up to maxStrings of
// them): an item refers to a few objects several times over, and the
// items of a chunk to the objects of a few namespaces.
func (c *converter) ref(r fact.Ref) *ast.Term {
	if t, ok := c.refs[r]; ok {
		return t
	}
	t := ast.NewTerm(ast.NewObject([2]*ast.Term{refKeys[0], c.str(r.APIVersion)}, [2]*ast.Term{refKeys[1], c.str(r.Kind)},
		[2]*ast.Term{refKeys[2], c.str(r.Namespace)}, [2]*ast.Term{refKeys[3], c.str(r.Name)}))
	if c.refs == nil {
		c.refs = make(map[fact.Ref]*ast.Term, 16)
	}
	if len(c.refs) < maxStrings {
		c.refs[r] = t
	}
	return t
}

// refKeys are a reference's keys.
var refKeys = [4]*ast.Term{keyTerm("apiVersion"), keyTerm("kind"), keyTerm("namespace"), keyTerm("name")}

// field gathers one pair of the object being converted, above those of
// the objects that hold it. After an error the converter is dropped.
func (c *converter) field(k string, v any) error {
	t, err := c.term(v)
	c.kvs = append(c.kvs, [2]*ast.Term{keyTerm(k), t})
	return err
}

// object builds the object of the pairs gathered from base, and lets
// them go.
func (c *converter) object(base int) *ast.Term {
	t := ast.NewTerm(ast.NewObject(c.kvs[base:]...))
	clear(c.kvs[base:])
	c.kvs = c.kvs[:base]
	return t
}

// keys holds the shared key terms (terms are not changed once built), so
// many: map keys that are data (labels) vary without end in a large
// cluster.
var keys = memo.Bounded[string, *ast.Term]{Max: 4096}

func keyTerm(k string) *ast.Term { return keys.Get(k, ast.StringTerm) }
