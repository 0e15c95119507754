// Package catalog is the one table of meshlint's rules and mutations: IDs,
// names, default severities, descriptions and remediations. The linter, the
// CLI's rules/explain commands and the generated docs all read it, so they
// cannot drift apart.
package catalog

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"

	"github.com/meshlint/meshlint/internal/finding"
)

//go:embed catalog.yaml
var catalogYAML []byte

// Kind tells rules (which report findings) from mutations (which change
// objects).
type Kind string

// Kinds of catalogue entries.
const (
	KindRule     Kind = "rule"
	KindMutation Kind = "mutation"
)

// Rule is one catalogue entry, a rule or a mutation.
type Rule struct {
	ID          string
	Name        string
	Kind        Kind
	Severity    finding.Severity // default severity; None for mutations
	ReportedOn  string           // for a mutation: the objects it changes
	Modes       string           // rules only: the dataplane modes it applies to
	Summary     string
	Description string
	Remediation string
	Variants    []Variant // rules only
	Never       string    // mutations only: what it never does
	Semantics   []string
}

// Variant is a condition under which a rule reports another severity.
type Variant struct {
	Severity finding.Severity
	When     string
}

// Rules returns the rules in ID order.
func Rules() []Rule { return clone(load().rules) }

// Mutations returns the mutations in ID order.
func Mutations() []Rule { return clone(load().mutations) }

// All returns the rules, then the mutations.
func All() []Rule { return append(Rules(), Mutations()...) }

// Lookup finds a rule or mutation by ID (exact, as in "ML201").
func Lookup(id string) (Rule, bool) {
	r, ok := load().byID[id]
	if ok {
		r = cloneRule(r)
	}
	return r, ok
}

type table struct {
	rules, mutations []Rule
	byID             map[string]Rule
}

// load parses the embedded catalogue once. A broken catalogue is a build
// defect, not an input error, so it panics; the package tests catch it.
var load = sync.OnceValue(func() *table {
	t, err := parse(catalogYAML)
	if err != nil {
		panic(fmt.Sprintf("catalog.yaml: %v", err))
	}
	return t
})

func clone(rs []Rule) []Rule {
	out := make([]Rule, len(rs))
	for i, r := range rs {
		out[i] = cloneRule(r)
	}
	return out
}

// cloneRule copies the slices so callers cannot edit the shared table.
func cloneRule(r Rule) Rule {
	r.Variants = slices.Clone(r.Variants)
	r.Semantics = slices.Clone(r.Semantics)
	return r
}

// DocsBase is where the generated docs/rules pages are published; a rule's
// page is DocsBase + ID + ".md". SARIF's helpUri points there.
const DocsBase = "https://github.com/meshlint/meshlint/blob/main/docs/rules/"

// HelpURI returns the URL of r's generated doc page.
func (r Rule) HelpURI() string { return DocsBase + r.ID + ".md" }

// Tags returns the areas r belongs to, for SARIF consumers that filter by
// tag. Every rule reads Istio semantics; the area comes from the ID's
// hundred, which is stable because IDs never change meaning.
func (r Rule) Tags() []string {
	if r.Kind != KindRule || len(r.ID) != len("ML101") {
		return nil
	}
	switch r.ID[2] {
	case '0':
		return []string{"istio", "inputs"}
	case '1':
		return []string{"istio", "mtls"}
	case '2':
		return []string{"istio", "nginx", "ingress"}
	case '3':
		return []string{"istio", "protocol"}
	case '4':
		return []string{"istio", "authorization"}
	case '5':
		return []string{"istio", "references"}
	case '6':
		return []string{"istio", "gateway-api", "ingress"}
	}
	return []string{"istio"}
}
