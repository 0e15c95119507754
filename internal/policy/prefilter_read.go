package policy

import (
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// itemFilters reads the prefilter (prefilter.go) from the rule modules'
// source: for each list section, the tests of every findings body that
// iterates it. A section another reference reads (a helper, a
// comprehension, a rule other than findings, input.SECTION[_]) is not
// filtered, nor one that a body iterates without testing its item, and
// nothing is when a module reads input whole or by a computed key. It
// also lists the sections the modules read at all.
func itemFilters(mods []Module) (prefilter, error) {
	parsed, err := parseModules(mods)
	if err != nil {
		return prefilter{}, err
	}
	tests, read, iterated := findingsIterations(parsed)
	for _, m := range parsed {
		s, whole := otherReads(m, iterated)
		if whole {
			return prefilter{}, nil
		}
		for _, name := range s {
			delete(tests, name)
			read[name] = true
		}
	}
	for s, bodies := range tests {
		if slices.ContainsFunc(bodies, func(c conjunction) bool { return len(c) == 0 }) {
			delete(tests, s) // a body finds in any item
		}
	}
	return prefilter{tests: tests, read: read}, nil
}

// parseModules parses the modules as OPA compiles them (Rego v1).
func parseModules(mods []Module) ([]*ast.Module, error) {
	parsed := make([]*ast.Module, len(mods))
	for i, m := range mods {
		pm, err := ast.ParseModuleWithOpts(m.Name, m.Source, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, fmt.Errorf("compile policies: %w", err)
		}
		parsed[i] = pm
	}
	return parsed, nil
}

// findingsIterations reads the findings bodies of the rule packages: the
// tests of each iteration over a list, by list; the lists iterated; and
// the input.SECTION terms of those iterations.
func findingsIterations(parsed []*ast.Module) (map[string][]conjunction, map[string]bool, map[*ast.Term]bool) {
	tests := map[string][]conjunction{}
	read := map[string]bool{}
	iterated := map[*ast.Term]bool{}
	for _, m := range parsed {
		if !isRulePackage(m) {
			continue
		}
		for _, r := range m.Rules {
			if r.Head.Ref().String() != "findings" {
				continue
			}
			for v, it := range bodyIterations(r.Body) {
				iterated[it.domain] = true
				read[it.section] = true
				tests[it.section] = append(tests[it.section], bodyTests(r.Body, v))
			}
		}
	}
	return tests, read, iterated
}

// iteration is `some v in input.SECTION` (or `some k, v in ...`).
type iteration struct {
	section string
	domain  *ast.Term
}

// bodyIterations finds a body's iterations over a list section, by the
// variable they bind.
func bodyIterations(body ast.Body) map[ast.Var]iteration {
	out := map[ast.Var]iteration{}
	for _, e := range body {
		some, ok := e.Terms.(*ast.SomeDecl)
		if !ok {
			continue
		}
		for _, sym := range some.Symbols {
			v, domain, ok := membership(sym)
			if !ok {
				continue
			}
			if s, ok := sectionOf(domain); ok {
				out[v] = iteration{s, domain}
			}
		}
	}
	return out
}

// membership reads `some v in domain` (or `some k, v in domain`): the
// parser writes it as a call of internal.member_2 (member_3).
func membership(sym *ast.Term) (ast.Var, *ast.Term, bool) {
	call, ok := sym.Value.(ast.Call)
	if !ok || len(call) < 3 || (call[0].String() != ast.Member.Ref().String() && call[0].String() != ast.MemberWithKey.Ref().String()) {
		return "", nil, false
	}
	v, ok := call[len(call)-2].Value.(ast.Var)
	return v, call[len(call)-1], ok
}

// sectionOf: t is input.SECTION.
func sectionOf(t *ast.Term) (string, bool) {
	r, ok := t.Value.(ast.Ref)
	if !ok || len(r) != 2 || !r.HasPrefix(ast.InputRootRef) {
		return "", false
	}
	s, ok := r[1].Value.(ast.String)
	return string(s), ok
}

// otherReads lists the sections m reads other than by the iterations
// given; whole: m reads input whole or by a computed key.
func otherReads(m *ast.Module, iterated map[*ast.Term]bool) ([]string, bool) {
	reads := inputReadsExcept(m, iterated)
	return reads, slices.Contains(reads, anySection)
}
