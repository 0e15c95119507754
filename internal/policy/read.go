package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
)

// rulesRoot is where meshlint looks for rules: Query reads
// data.meshlint.rules[_].findings, so a rule package sits right under it.
var rulesRoot = ast.MustParseRef("data.meshlint.rules")

// checkRead fails on the first user module meshlint never reads, naming
// its file and package: a rule package (meshlint.rules.NAME) without a
// findings set, or a package outside meshlint.rules that no rule refers
// to, directly or through another module (a helper library must be
// imported). Without this check a policy written for another tool
// (conftest's `package main` with `deny`) would pass silently.
func checkRead(builtin, user []*ast.Module) error {
	all := append(append([]*ast.Module{}, builtin...), user...)
	if err := checkFindings(all, user); err != nil {
		return err
	}
	read := reached(all)
	for _, m := range user {
		if !read[m] {
			return fmt.Errorf("policy %s: package %s is never read: meshlint evaluates data.meshlint.rules[_].findings, "+
				"so put a rule in package meshlint.rules.<name> with a findings set, and a helper in a package a rule imports",
				m.Package.Location.File, packageName(m))
		}
	}
	return nil
}

// isRulePackage: data.meshlint.rules.NAME, which the query enumerates.
func isRulePackage(m *ast.Module) bool {
	p := m.Package.Path
	return len(p) == len(rulesRoot)+1 && p.HasPrefix(rulesRoot)
}

// checkFindings: every rule package a user module is in defines findings
// in one of its modules; `deny` or `violation` sets would be ignored.
func checkFindings(all, user []*ast.Module) error {
	has := map[string]bool{}
	for _, m := range all {
		for _, r := range m.Rules {
			if r.Head.Ref().String() == "findings" {
				has[m.Package.Path.String()] = true
			}
		}
	}
	for _, m := range user {
		if isRulePackage(m) && !has[m.Package.Path.String()] {
			return fmt.Errorf("policy %s: package %s has no findings set, so meshlint reads nothing of it "+
				"(a rule adds to `findings contains f if {...}`: docs/facts.md)", m.Package.Location.File, packageName(m))
		}
	}
	return nil
}

// reached returns the modules meshlint reads: the rule packages, then,
// until nothing changes, every module whose package overlaps a data
// reference (or import) of a module already read.
func reached(all []*ast.Module) map[*ast.Module]bool {
	read := map[*ast.Module]bool{}
	var refs []ast.Ref
	for changed := true; changed; {
		changed = false
		for _, m := range all {
			if read[m] || !(isRulePackage(m) || overlaps(m.Package.Path, refs)) {
				continue
			}
			read[m], changed = true, true
			refs = append(refs, dataRefs(m)...)
		}
	}
	return read
}

func overlaps(pkg ast.Ref, refs []ast.Ref) bool {
	for _, r := range refs {
		if r.HasPrefix(pkg) || pkg.HasPrefix(r) {
			return true
		}
	}
	return false
}

// dataRefs are the constant prefixes of the data references of m's
// imports and rules (data[x] reads everything).
func dataRefs(m *ast.Module) []ast.Ref {
	var out []ast.Ref
	visit := func(r ast.Ref) bool {
		if r.HasPrefix(ast.DefaultRootRef) {
			out = append(out, r.ConstantPrefix())
		}
		return false
	}
	for _, imp := range m.Imports {
		if r, ok := imp.Path.Value.(ast.Ref); ok {
			visit(r)
		}
	}
	for _, r := range m.Rules {
		ast.WalkRefs(r, visit)
	}
	return out
}
