package policy

import (
	"slices"

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

// readOnly is sections with the lists no rule reads made empty, so that
// they are neither built nor converted.
func (p prefilter) readOnly(sections []Section) []Section {
	out := slices.Clone(sections)
	for i, s := range out {
		if s.Len >= 0 && p.unread(s.Name) {
			out[i] = Section{Name: s.Name, Len: 0, Build: func(int, int) any { return []any{} }}
		}
	}
	return out
}

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
	read := lookup
	if t.count {
		read = countAt
	}
	v, state := read(item, t.path)
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

// hasElement: the value at path is a list or object with an element
// (a value) that passes elem. Undefined fails, and so does a string, a
// number, a boolean or null, which hold no element; anything else
// (opaque, a value already in OPA's form) passes.
func (t test) hasElement(item any) bool {
	v, state := walk(item, t.path)
	if state != defined {
		return state == opaque
	}
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
	return true
}
