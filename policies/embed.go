// Package policies embeds the built-in rules: one Rego file per rule of
// the catalogue, each with its _test.rego, over the facts of docs/facts.md.
package policies

import "embed"

// FS holds every .rego file of this directory, tests included.
//
//go:embed *.rego
var FS embed.FS
