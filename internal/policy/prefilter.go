package policy

import (
	"slices"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
)

// A prefilter says, before an item of a list section is converted to
// OPA's form, whether any rule could find anything in it. The rules read
// an item the same way: `some h in input.hops`, then tests of h's fields
// against constants (`h.kind == "ingress"`, `h.outcome in {...}`,
// `h.source.meshed`, `not h.ignored`). Each test is necessary for the
// rule body to succeed, so an item that fails a test of every body
// iterating its section gives no finding, and is neither converted nor
// evaluated (most items of a correct cluster). The tests are read from
// the rules' own source (itemFilters); a section is filtered only when
// every reference to it is such an iteration in a findings body, so that
// no rule aggregates or negates over its items (a count, a set built of
// them, a helper reading input.SECTION). That holds for a rule joining
// two lists too (each iteration's tests are of its own item), so the
// prefilter serves user rules, read with the built-in ones, as well. A
// list section no rule reads at all is not built.
type prefilter struct {
	tests map[string][]conjunction // list section -> the bodies iterating it, one of which an item must pass
	read  map[string]bool          // the sections the rules read; nil: all of them
}

// conjunction is one findings body's tests of its item.
type conjunction []test

// test is one test of a field at path: op is the builtin that compares
// (equal, neq, gt, gte, lt, lte, internal.member_2), "" for the field
// being true (a bare reference), "not" for it being false or undefined,
// "some" for it holding a collection with an element that passes elem
// (iterated). count: the comparison is of the field's count.
type test struct {
	path   []string
	op     string
	consts []ast.Value // the constant compared with; for member_2 the set's or array's elements
	count  bool
	elem   conjunction // "some": the body's tests of the element
}

// keep drops from section s's list v the items no rule could find
// anything in, in place.
func (p prefilter) keep(s string, v any) any {
	l, ok := v.([]any)
	if _, filtered := p.tests[s]; !ok || !filtered {
		return v
	}
	out := l[:0]
	for _, it := range l {
		if p.pass(s, it) {
			out = append(out, it)
		}
	}
	clear(l[len(out):])
	return out
}

// unread: no rule reads section s.
func (p prefilter) unread(s string) bool { return p.read != nil && !p.read[s] }

// pass: the item passes every test of at least one body of section s,
// or the section is not filtered.
func (p prefilter) pass(s string, item any) bool {
	bodies, ok := p.tests[s]
	if !ok {
		return true
	}
	for _, c := range bodies {
		if c.pass(item) {
			return true
		}
	}
	return false
}

func (c conjunction) pass(item any) bool {
	for _, t := range c {
		if !t.pass(item) {
			return false
		}
	}
	return true
}

// pass evaluates the test as OPA would, on what the item holds at the
// test's path: undefined fails every test but "not"; a value the test
// cannot compare here (a list, an object, a value already in OPA's form)
// passes, as the evaluation will decide.
func (t test) pass(item any) bool {
	if t.op == "some" {
		return t.hasElement(item)
	}
	v, state := lookup(item, t.path)
	if t.count {
		v, state = countAt(item, t.path)
	}
	switch {
	case state == undefined:
		return t.op == "not"
	case state == opaque:
		return true
	case t.op == "":
		return v != ast.Boolean(false)
	case t.op == "not":
		return v == ast.Boolean(false)
	case v == nil: // a list or an object: Compare across kinds of value is not modelled here
		return true
	}
	return t.compare(v)
}

func (t test) compare(v ast.Value) bool {
	switch t.op {
	case "internal.member_2":
		for _, c := range t.consts {
			if ast.Compare(v, c) == 0 {
				return true
			}
		}
		return false
	}
	switch cmp := ast.Compare(v, t.consts[0]); t.op {
	case "equal":
		return cmp == 0
	case "neq":
		return cmp != 0
	case "gt":
		return cmp > 0
	case "gte":
		return cmp >= 0
	case "lt":
		return cmp < 0
	case "lte":
		return cmp <= 0
	}
	return true
}

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

// hasElement: the value at path is a list or object with an element
// (a value) that passes elem. Undefined fails, and so does a string, a
// number, a boolean or null, which hold no element; anything else
// passes.
func (t test) hasElement(item any) bool {
	v, state := walk(item, t.path)
	switch x := v.(type) {
	case []any:
		return slices.ContainsFunc(x, t.elem.pass)
	case fact.Object:
		for _, f := range x.All() {
			if t.elem.pass(f) {
				return true
			}
		}
		return false
	case map[string]any:
		for _, f := range x {
			if t.elem.pass(f) {
				return true
			}
		}
		return false
	case nil, string, bool, int:
		return false
	}
	return state != undefined
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
		f, ok := x[k]
		return f, map[bool]int{true: defined, false: undefined}[ok]
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
