// Package policies embeds the built-in rules: one Rego file per rule of
// the catalogue, each with its _test.rego, over the facts of docs/facts.md.
//
// Each findings body iterates one list (`some h in input.hops`) and tests
// its item's fields against constants before anything else it computes:
// `h.kind == "ingress"`, `h.outcome in {...}`, `h.source.meshed`, `not
// h.ignored`, `count(h.matches) == 0`, `some e in h.endpoints` with tests
// of e. The engine reads those tests from this source and evaluates only
// the items that pass one body's (internal/policy/prefilter.go): in a
// correct cluster most items pass none. A list read any other way (a
// helper, a comprehension, input.hops[_]) is evaluated whole, which
// internal/policy's TestBuiltinRulesFilterTheirSections reports.
package policies

import "embed"

// FS holds every .rego file of this directory, tests included.
//
//go:embed *.rego
var FS embed.FS
