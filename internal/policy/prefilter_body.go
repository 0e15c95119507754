package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// How the prefilter reads a findings body's tests of the item it
// iterates (prefilter_read.go reads which bodies and lists).

// bodyTests lists the tests of v's fields in a body: against constants,
// and those of the items of its lists the body iterates.
func bodyTests(body ast.Body, v ast.Var) conjunction {
	return bodyTestsAt(body, v, 0)
}

// maxNesting bounds the iterations of iterations followed.
const maxNesting = 4

func bodyTestsAt(body ast.Body, v ast.Var, depth int) conjunction {
	var out conjunction
	for _, e := range body {
		if len(e.With) > 0 {
			continue
		}
		if some, ok := e.Terms.(*ast.SomeDecl); ok {
			if t, ok := someTest(body, some, v, depth); ok {
				out = append(out, t)
			}
			continue
		}
		if t, ok := exprTest(e, v); ok {
			out = append(out, t)
		}
	}
	return out
}

// comparisons are the builtins that compare a field with a constant
// (unification with a constant, =, compares), as written and with their
// operands swapped.
var comparisons = map[string][2]string{"equal": {"equal", "equal"}, "eq": {"equal", "equal"}, "neq": {"neq", "neq"},
	"gt": {"gt", "lt"}, "lt": {"lt", "gt"}, "gte": {"gte", "lte"}, "lte": {"lte", "gte"}}

func exprTest(e *ast.Expr, v ast.Var) (test, bool) {
	if t, ok := e.Terms.(*ast.Term); ok {
		path, ok := varPath(t, v)
		if e.Negated {
			return test{path: path, op: "not"}, ok
		}
		return test{path: path}, ok
	}
	if e.Negated || !e.IsCall() || len(e.Operands()) != 2 {
		return test{}, false
	}
	op, a, b := e.Operator().String(), e.Operand(0), e.Operand(1)
	if op == ast.Member.Ref().String() {
		path, ok := varPath(a, v)
		consts, okc := constElems(b)
		return test{path: path, op: op, consts: consts}, ok && okc
	}
	ops, ok := comparisons[op]
	if !ok {
		return test{}, false
	}
	if path, count, ok := operandPath(a, v); ok && isConst(b) {
		return test{path: path, op: ops[0], consts: []ast.Value{b.Value}, count: count}, true
	}
	if path, count, ok := operandPath(b, v); ok && isConst(a) {
		return test{path: path, op: ops[1], consts: []ast.Value{a.Value}, count: count}, true
	}
	return test{}, false
}

// operandPath: t is v.a.b... or count(v.a.b...).
func operandPath(t *ast.Term, v ast.Var) ([]string, bool, bool) {
	if call, ok := t.Value.(ast.Call); ok && len(call) == 2 && call[0].String() == ast.Count.Ref().String() {
		path, ok := varPath(call[1], v)
		return path, true, ok
	}
	path, ok := varPath(t, v)
	return path, false, ok
}

// someTest: `some x in v.a.b` or `some x in object.get(v, "a", [])`
// needs the field to hold a collection with an element that passes the
// body's tests of x.
func someTest(body ast.Body, some *ast.SomeDecl, v ast.Var, depth int) (test, bool) {
	if len(some.Symbols) != 1 {
		return test{}, false
	}
	x, domain, ok := membership(some.Symbols[0])
	if !ok {
		return test{}, false
	}
	path, ok := domainPath(domain, v)
	if !ok {
		return test{}, false
	}
	t := test{path: path, op: "some"}
	if depth < maxNesting {
		t.elem = bodyTestsAt(body, x, depth+1)
	}
	return t, true
}

// domainPath: t is v.a.b or object.get(v, "a", <empty collection>).
func domainPath(t *ast.Term, v ast.Var) ([]string, bool) {
	if path, ok := varPath(t, v); ok {
		return path, true
	}
	get, ok := t.Value.(ast.Call)
	if !ok || len(get) != 4 || get[0].String() != ast.ObjectGet.Ref().String() || !isEmptyCollection(get[3]) {
		return nil, false
	}
	obj, ok := get[1].Value.(ast.Var)
	key, okKey := get[2].Value.(ast.String)
	if !ok || !okKey || obj.Compare(v) != 0 {
		return nil, false
	}
	return []string{string(key)}, true
}

// isEmptyCollection: t is [], {} or set().
func isEmptyCollection(t *ast.Term) bool {
	switch x := t.Value.(type) {
	case *ast.Array:
		return x.Len() == 0
	case ast.Object:
		return x.Len() == 0
	case ast.Set:
		return x.Len() == 0
	}
	return false
}

// varPath: t is v.a.b..., the path a, b... of constant keys.
func varPath(t *ast.Term, v ast.Var) ([]string, bool) {
	r, ok := t.Value.(ast.Ref)
	if !ok || len(r) < 2 || r[0].Value.Compare(v) != 0 {
		return nil, false
	}
	path := make([]string, 0, len(r)-1)
	for _, k := range r[1:] {
		s, ok := k.Value.(ast.String)
		if !ok {
			return nil, false
		}
		path = append(path, string(s))
	}
	return path, true
}

// isConst: t is a string, number, boolean or null.
func isConst(t *ast.Term) bool {
	switch t.Value.(type) {
	case ast.String, ast.Number, ast.Boolean, ast.Null:
		return true
	}
	return false
}

// constElems are the elements of a set or array of constants.
func constElems(t *ast.Term) ([]ast.Value, bool) {
	var elems []*ast.Term
	switch x := t.Value.(type) {
	case ast.Set:
		elems = x.Slice()
	case *ast.Array:
		for i := range x.Len() {
			elems = append(elems, x.Elem(i))
		}
	default:
		return nil, false
	}
	out := make([]ast.Value, len(elems))
	for i, el := range elems {
		if !isConst(el) {
			return nil, false
		}
		out[i] = el.Value
	}
	return out, true
}
