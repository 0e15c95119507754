package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/catalog"
)

// UserRule is what the METADATA of a user policy says of one of its
// rules: the same convention as the built-in rules (`custom: {id: ...}`),
// with title as the rule's name and description as its summary (OPA rich
// metadata, docs/facts.md "Writing a rule").
type UserRule struct {
	ID, Name, Severity, Summary, Remediation string
	File, Package                            string
}

// User reads the .rego files (tests excluded) of dirs, checks that meshlint
// reads every one of them (a file in a package that no rule reaches is an
// error naming the file and the package) and returns the modules with the
// rules their METADATA declares.
func User(dirs []string) ([]Module, []UserRule, error) {
	if len(dirs) == 0 { // no user rules: nothing to parse, nor to hold to the built-in ones
		return nil, nil, nil
	}
	var mods []Module
	for _, d := range dirs {
		m, err := readDir(d)
		if err != nil {
			return nil, nil, fmt.Errorf("load policies from %s: %w", d, err)
		}
		mods = append(mods, m...)
	}
	parsed, err := parseAll(mods, true)
	if err != nil {
		return nil, nil, err
	}
	builtin, err := Builtin()
	if err != nil {
		return nil, nil, err
	}
	bp, err := parseAll(builtin, false)
	if err != nil {
		return nil, nil, err
	}
	if err := checkRead(bp, parsed); err != nil {
		return nil, nil, err
	}
	rules, err := userRules(parsed)
	return mods, rules, err
}

// parseAll parses modules as the engine compiles them (Rego v1), with
// their METADATA when meta is set.
func parseAll(mods []Module, meta bool) ([]*ast.Module, error) {
	out := make([]*ast.Module, 0, len(mods))
	for _, m := range mods {
		pm, err := ast.ParseModuleWithOpts(m.Name, m.Source, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: meta})
		if err != nil {
			return nil, fmt.Errorf("compile policies: %w", err)
		}
		out = append(out, pm)
	}
	return out, nil
}

// userRules reads every METADATA block with a custom id, whatever its
// scope (the package's, as the built-in rules put it, or a rule's).
func userRules(mods []*ast.Module) ([]UserRule, error) {
	var out []UserRule
	seen := map[string]string{}
	for _, m := range mods {
		for _, a := range m.Annotations {
			id, _ := a.Custom["id"].(string)
			if id == "" {
				continue
			}
			r, err := userRule(m, a, id)
			if err != nil {
				return nil, err
			}
			if prev, dup := seen[id]; dup {
				return nil, fmt.Errorf("policy %s: rule %s is declared in %s too", r.File, id, prev)
			}
			seen[id] = r.File
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b UserRule) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func userRule(m *ast.Module, a *ast.Annotations, id string) (UserRule, error) {
	r := UserRule{ID: id, Name: a.Title, Summary: strings.TrimSpace(a.Description),
		File: m.Package.Location.File, Package: packageName(m)}
	r.Severity, _ = a.Custom["severity"].(string)
	r.Remediation, _ = a.Custom["remediation"].(string)
	if _, builtin := catalog.Lookup(id); builtin {
		return r, fmt.Errorf("policy %s: custom.id %s is a built-in rule's ID (meshlint rules lists them): give your rule an ID of its own", r.File, id)
	}
	if r.Severity != "" && !slices.Contains([]string{"error", "warning", "info"}, r.Severity) {
		return r, fmt.Errorf("policy %s: rule %s: custom.severity %q is not error, warning or info", r.File, id, r.Severity)
	}
	return r, nil
}

// packageName is the package as written (meshlint.rules.x, no data.).
func packageName(m *ast.Module) string {
	return strings.TrimPrefix(m.Package.Path.String(), "data.")
}
