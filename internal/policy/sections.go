package policy

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// anySection stands for a package that reads input as a whole, or by a
// key it computes: it is evaluated with the items of every section.
const anySection = "*"

// sectionReads maps each fact section to the rule packages
// (meshlint.rules.NAME) whose modules read it (input.SECTION), from the
// parsed modules. A package that reads input by a computed key, or whole,
// is listed under anySection, and so is one that reads no input at all
// (its findings do not come from an item, but they are findings). What the other
// modules read (helper libraries) counts as read by every rule package,
// and a rule package that reads another's rules reads every section.
func sectionReads(mods []Module) (map[string][]string, error) {
	parsed, err := parseModules(mods)
	if err != nil {
		return nil, err
	}
	byPkg := map[string][]string{}
	var shared []string // sections the helper modules read
	for _, pm := range parsed {
		if !isRulePackage(pm) {
			shared = append(shared, inputReads(pm)...)
			continue
		}
		name := string(pm.Package.Path[len(rulesRoot)].Value.(ast.String))
		byPkg[name] = append(byPkg[name], inputReads(pm)...)
		if readsOtherRules(pm) {
			byPkg[name] = append(byPkg[name], anySection)
		}
	}
	out := map[string][]string{}
	for name, reads := range byPkg {
		reads = append(reads, shared...)
		if len(reads) == 0 { // reads no input: evaluated with every section, as the whole evaluation would
			reads = []string{anySection}
		}
		for _, s := range reads {
			if !slices.Contains(out[s], name) {
				out[s] = append(out[s], name)
			}
		}
	}
	for _, pkgs := range out {
		sort.Strings(pkgs)
	}
	return out, nil
}

// readsOtherRules: a data reference of m reaches a rule package other
// than its own (or all of them).
func readsOtherRules(m *ast.Module) bool {
	found := false
	ast.WalkRefs(m, func(r ast.Ref) bool {
		if r.HasPrefix(rulesRoot) && (len(r) == len(rulesRoot) || !r[len(rulesRoot)].Equal(m.Package.Path[len(rulesRoot)])) {
			found = true
		}
		return found
	})
	return found
}

// inputReads lists the sections a module reads: input.NAME and
// input["NAME"]; anySection for input read whole or by a computed key.
func inputReads(m *ast.Module) []string { return inputReadsExcept(m, nil) }

// inputReadsExcept is inputReads without the references skip holds.
func inputReadsExcept(m *ast.Module, skip map[*ast.Term]bool) []string {
	var out []string
	var visit func(x any) bool
	visit = func(x any) bool {
		t, ok := x.(*ast.Term)
		if !ok {
			return false
		}
		switch v := t.Value.(type) {
		case ast.Var:
			if v.Equal(ast.InputRootDocument.Value) {
				out = append(out, anySection) // input alone
			}
		case ast.Ref:
			if !v.HasPrefix(ast.InputRootRef) {
				return false
			}
			if skip[t] {
				return true
			}
			s, ok := ast.String(""), false
			if len(v) > 1 {
				s, ok = v[1].Value.(ast.String)
			}
			out = append(out, map[bool]string{true: string(s), false: anySection}[ok])
			for _, k := range v[1:] { // keys computed from input too
				ast.NewGenericVisitor(visit).Walk(k)
			}
			return true
		}
		return false
	}
	ast.NewGenericVisitor(visit).Walk(m)
	slices.Sort(out)
	return slices.Compact(out)
}

// bySectionModule is the module the memo's evaluations query: for a
// list section, the findings of the packages that read it, chosen by the
// input's meshlint_section (which OPA's rule index matches), so an item
// is evaluated by the rules that read its kind of item alone. A package
// that reads no list (single-value sections only) or reads input by a
// computed key is evaluated with every section.
func bySectionModule(reads map[string][]string, single func(string) bool) Module {
	pkgs := map[string][]string{} // package -> list sections it reads
	for s, ps := range reads {
		for _, p := range ps {
			if _, ok := pkgs[p]; !ok {
				pkgs[p] = nil
			}
			if !single(s) {
				pkgs[p] = append(pkgs[p], s)
			}
		}
	}
	var b strings.Builder
	b.WriteString("package meshlint.bysection\n\n")
	for _, p := range slices.Sorted(maps.Keys(pkgs)) {
		secs := pkgs[p]
		if len(secs) == 0 || slices.Contains(secs, anySection) {
			fmt.Fprintf(&b, "findings contains f if {\n\tinput.%s\n\tsome f in data.meshlint.rules[%q].findings\n}\n\n", sectionKey, p)
			continue
		}
		slices.Sort(secs)
		for _, s := range secs {
			fmt.Fprintf(&b, "findings contains f if {\n\tinput.%s == %q\n\tsome f in data.meshlint.rules[%q].findings\n}\n\n",
				sectionKey, s, p)
		}
	}
	return Module{Name: "meshlint-bysection.rego", Source: b.String()}
}

// sectionKey is the input key naming the section a memo evaluation is of.
const sectionKey = "meshlint_section"
