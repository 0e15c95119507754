package policy

import (
	"sync"

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
	c := getConverter()
	defer putConverter(c)
	t, err := c.term(v)
	if err != nil {
		return nil, err
	}
	return t.Value, nil
}

// converter converts facts one after the other (value), reusing the
// key-value pairs it gathers for each object: ast.NewObject copies them.
// Null, booleans, small integers and the empty string are OPA's interned
// terms, shared as OPA shares them; the strings and references it
// converts are shared too, the last maxStrings of each at most (items
// one after the other repeat their kinds, modes, namespaces, names and
// the objects they refer to over and over). Converters are reused
// (getConverter), with what they hold: terms are not changed once built.
type converter struct {
	kvs     [][2]*ast.Term
	strings map[string]*ast.Term
	refs    map[fact.Ref]*ast.Term
}

const maxStrings = 1024

// converters keeps converters for reuse: the objects one conversion
// refers to, the next one mostly refers to as well.
var converters = sync.Pool{New: func() any { return new(converter) }}

// getConverter returns a converter to give back with putConverter.
func getConverter() *converter { return converters.Get().(*converter) }

// putConverter gives c back, without the pairs an error left gathered.
func putConverter(c *converter) {
	clear(c.kvs)
	c.kvs = c.kvs[:0]
	converters.Put(c)
}

func (c *converter) str(s string) *ast.Term {
	if t, ok := c.strings[s]; ok {
		return t
	}
	t := ast.InternedTerm(s)
	c.strings = remember(c.strings, s, t)
	return t
}

// remember adds k to the bounded table m: a full table starts anew.
func remember[K comparable](m map[K]*ast.Term, k K, t *ast.Term) map[K]*ast.Term {
	if m == nil {
		m = make(map[K]*ast.Term, 64)
	}
	if len(m) >= maxStrings {
		clear(m)
	}
	m[k] = t
	return m
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

// ref converts a reference, once while the converter remembers it: an
// item refers to a few objects several times over, and items one after
// the other to the objects of a few namespaces.
func (c *converter) ref(r fact.Ref) *ast.Term {
	if t, ok := c.refs[r]; ok {
		return t
	}
	t := ast.NewTerm(ast.NewObject([2]*ast.Term{refKeys[0], c.str(r.APIVersion)}, [2]*ast.Term{refKeys[1], c.str(r.Kind)},
		[2]*ast.Term{refKeys[2], c.str(r.Namespace)}, [2]*ast.Term{refKeys[3], c.str(r.Name)}))
	c.refs = remember(c.refs, r, t)
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
