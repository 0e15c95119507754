package policy

import (
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestInputReads: what a module reads of the input decides which items
// its rules are evaluated with through a memo; reading input by a key it
// computes, or whole, reads every section.
func TestInputReads(t *testing.T) {
	for src, want := range map[string]string{
		"findings contains 1 if { some h in input.hops; h.x }":                     "[hops]",
		`findings contains 1 if { input["services"][_].name == input.settings.a }`: "[services settings]",
		`findings contains 1 if { some k; input[k][_] }`:                           "[*]",
		`findings contains 1 if { x := input; x.hops }`:                            "[*]",
		`findings contains 1 if { input.hops[input.settings.i] }`:                  "[hops settings]",
		`findings contains 1 if { data.meshlint.lib.f(1) }`:                        "[]",
	} {
		m := ast.MustParseModuleWithOpts("package meshlint.rules.x\n"+src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if got := fmt.Sprint(inputReads(m)); got != want {
			t.Errorf("%s: reads %s, want %s", src, got, want)
		}
	}
}

// TestBuiltinRulesReadSections: every built-in rule package reads a list
// section, so the memo evaluates each with the items it reads.
func TestBuiltinRulesReadSections(t *testing.T) {
	mods, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	reads, err := sectionReads(mods)
	if err != nil {
		t.Fatal(err)
	}
	if len(reads["hops"]) < 5 || len(reads[anySection]) != 0 {
		t.Errorf("reads: %v", reads)
	}
	mod := bySectionModule(reads, func(s string) bool { return s == "settings" })
	if _, err := ast.ParseModuleWithOpts(mod.Name, mod.Source, ast.ParserOptions{RegoVersion: ast.RegoV1}); err != nil {
		t.Fatalf("%v\n%s", err, mod.Source)
	}
}

// TestMemoKeepsTwoGenerations: a full generation becomes the older one,
// whose entries a lookup carries back; the one before is dropped.
func TestMemoKeepsTwoGenerations(t *testing.T) {
	m := NewMemo(2)
	k := func(i uint64) itemKey { return itemKey{i, i} }
	m.put([]itemKey{k(1), k(2)}, [][]Raw{nil, {{Rule: "ML101"}}})
	m.put([]itemKey{k(3)}, [][]Raw{nil}) // 1 and 2 now the older generation
	found := make([]bool, 3)
	raws := m.lookup([]itemKey{k(2), k(3), k(9)}, found, make([]*group, 3))
	if !found[0] || !found[1] || found[2] || len(raws[0]) != 1 {
		t.Fatalf("found %v, %v", found, raws)
	}
	m.put([]itemKey{k(4), k(5)}, [][]Raw{nil, nil}) // 1 dropped; 2 was carried back
	raws = m.lookup([]itemKey{k(1), k(2)}, found[:2], make([]*group, 2))
	if found[0] || !found[1] || raws[1][0].Rule != "ML101" {
		t.Errorf("found %v, %v", found[:2], raws)
	}
}

// TestSectionReadsThroughHelpers: a helper library's reads count for
// every rule package, and a package reading another's rules reads all.
func TestSectionReadsThroughHelpers(t *testing.T) {
	reads, err := sectionReads([]Module{
		{Name: "lib.rego", Source: "package meshlint.lib\nhops := input.hops\n"},
		{Name: "a.rego", Source: "package meshlint.rules.a\nimport data.meshlint.lib\nfindings contains 1 if { some s in input.services; s.x; lib.hops }\n"},
		{Name: "b.rego", Source: "package meshlint.rules.b\nfindings contains 1 if { data.meshlint.rules.a.findings[_] }\n"},
		{Name: "c.rego", Source: "package meshlint.rules.c\nfindings contains 1 if { data.meshlint.rules.c.x; input.ingresses[_] }\nx := true\n"},
		{Name: "d.rego", Source: "package meshlint.rules.d\nfindings contains 1\n"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "map[*:[b] hops:[a b c d] ingresses:[c] services:[a]]"
	if got := fmt.Sprint(reads); got != want {
		t.Errorf("reads %s, want %s", got, want)
	}
}
