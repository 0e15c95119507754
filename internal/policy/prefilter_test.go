package policy

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/meshlint/meshlint/internal/fact"
)

// testedRules is a rule package whose bodies only test their items, in
// every form the prefilter reads: so an item passes the prefilter
// exactly when OPA finds something in it.
const testedRules = `package meshlint.rules.t

findings contains "eq" if {
	some h in input.items
	h.kind == "ingress"
	h.outcome in {"rejected", "denied"}
	h.server.mode != "STRICT"
	h.n > 0
}

findings contains "flags" if {
	some i, h in input.items
	not h.off
	h.on
	0 < h.n
	h.kind = "app"
}

findings contains "nested" if {
	some h in input.items
	count(h.list) >= 1
	some e in h.list
	e.captured
	e.mode in ["STRICT", "PERMISSIVE"]
}

findings contains "get" if {
	some h in input.items
	some e in object.get(h, "list", [])
	not e.captured
	h.server.ref.kind == "Deployment"
	h.n <= 1
	h.n >= 0
	h.n < 5
}

findings contains "count" if {
	some h in input.items
	count(h.kind) == 3
}
`

// TestPrefilterAgreesWithOPA is the prefilter's oracle: for random items
// (fields missing, null, of other types, nested), the prefilter passes
// an item exactly when OPA's evaluation of the rules finds something.
func TestPrefilterAgreesWithOPA(t *testing.T) {
	p, err := itemFilters([]Module{{Name: "t.rego", Source: testedRules}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.tests["items"]) != 5 {
		t.Fatalf("read %d bodies of items, want 5: %v", len(p.tests["items"]), p)
	}
	q, err := rego.New(rego.Query("x := data.meshlint.rules.t.findings"), rego.Module("t.rego", testedRules)).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	passed := 0
	for i := range 10000 {
		item := randomItem(r)
		in, err := value(map[string]any{"items": []any{item}})
		if err != nil {
			t.Fatal(err)
		}
		rs, err := q.Eval(context.Background(), rego.EvalParsedInput(in))
		if err != nil {
			t.Fatal(err)
		}
		found := len(rs) == 1 && len(rs[0].Bindings["x"].([]any)) > 0
		if pass := p.pass("items", item); pass != found {
			t.Fatalf("item %d %v: prefilter passes %v, OPA finds %v", i, plainItem(item), pass, rs)
		}
		if found {
			passed++
		}
	}
	if passed < 300 {
		t.Fatalf("only %d of 10000 random items found something: the test exercises too little", passed)
	}
}

// randomItem draws an item whose fields the rules test, each missing,
// null, of the type tested or of another.
func randomItem(r *rand.Rand) fact.Object {
	var o fact.Object
	pick := func(k string, vs ...any) {
		if i := r.IntN(len(vs) + 1); i < len(vs) {
			o.Set(k, vs[i])
		}
	}
	pick("kind", "ingress", "app", "gateway", nil, 3, true, "abc")
	pick("outcome", "rejected", "denied", "plaintext", nil, false)
	pick("n", 0, 1, 2, 7, -1, "1", nil)
	pick("off", true, false, nil, "x", 0)
	pick("on", true, false, nil, "x", 0, []any{})
	server := fact.Object{}
	if r.IntN(2) == 0 {
		server.Set("mode", []any{"STRICT", "PERMISSIVE", nil, 1}[r.IntN(4)])
	}
	if r.IntN(2) == 0 {
		server.Set("ref", fact.Ref{Kind: []string{"Deployment", "StatefulSet"}[r.IntN(2)], Name: "x"})
	}
	pick("server", server, "STRICT", nil)
	var list []any
	for range r.IntN(3) {
		var e fact.Object
		if r.IntN(3) > 0 {
			e.Set("captured", r.IntN(2) == 0)
		}
		if r.IntN(3) > 0 {
			e.Set("mode", []any{"STRICT", "DISABLE", "PERMISSIVE"}[r.IntN(3)])
		}
		list = append(list, e)
	}
	pick("list", list, []any{}, nil, "ab", fact.Object{"a", fact.Object{"captured", false}})
	return o
}

func plainItem(o fact.Object) string {
	b, _ := o.MarshalJSON()
	return string(b)
}

// TestPrefilterReadsOnlyWhatIsSafe: a section that a module reads other
// than by a findings body's iteration is not filtered, nor any when a
// module reads input whole, nor one iterated without a test.
func TestPrefilterReadsOnlyWhatIsSafe(t *testing.T) {
	const base = "package meshlint.rules.a\nfindings contains 1 if { some h in input.hops; h.x == 1 }\nfindings contains 2 if { some s in input.services; s.y }\n"
	for extra, want := range map[string]string{
		"":                       "[hops services]",
		"n := count(input.hops)": "[services]",
		"findings contains 3 if { input.hops[_].z }":                                                     "[services]",
		"f(x) := x if { some h in input.hops }":                                                          "[services]",
		"findings contains 4 if { x := input; x.a }":                                                     "[]",
		"findings contains 5 if { some k; input[k] }":                                                    "[]",
		"findings contains 6 if { some s in input.services; count(s.a) > count(s.b) }":                   "[hops]",
		"findings contains 7 if { some h in input.hops; h.x == 2; x := {y | some y in input.services} }": "[hops]",
	} {
		p, err := itemFilters([]Module{{Name: "a.rego", Source: base + extra}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range []string{"hops", "services"} {
			if _, ok := p.tests[s]; ok {
				got = append(got, s)
			}
		}
		if fmt.Sprint(got) != want {
			t.Errorf("with %q: filters %v, want %s", extra, got, want)
		}
	}
}

// TestBuiltinRulesFilterTheirSections: the built-in rules are written so
// that the prefilter reads them (each body iterates one list and tests
// its item first); a rule that stops being readable so makes every item
// of its section evaluated again, which this test catches.
func TestBuiltinRulesFilterTheirSections(t *testing.T) {
	mods, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p, err := itemFilters(mods)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"hops", "destinations", "services", "destination_rules", "virtual_services", "peer_authentications", "ingresses", "server_first"} {
		if _, ok := p.tests[s]; !ok {
			t.Errorf("section %s is not filtered", s)
		}
	}
	if !p.unread("workloads") || p.unread("hops") || p.unread("settings") {
		t.Errorf("the sections read: %v", p.read)
	}
}

// TestPrefilterPassesWhatItCannotRead: a value the prefilter does not
// read (one already in OPA's form, a float) leaves the item to the
// evaluation, whatever the test.
func TestPrefilterPassesWhatItCannotRead(t *testing.T) {
	p, err := itemFilters([]Module{{Name: "t.rego", Source: testedRules}})
	if err != nil {
		t.Fatal(err)
	}
	for name, item := range map[string]fact.Object{
		"a list in OPA's form":            {"kind", "x", "list", ast.NewArray(ast.StringTerm("a"))},
		"a float where a count is tested": {"kind", 2.5},
		"a float under a path":            {"kind", "ingress", "outcome", "rejected", "n", 1, "server", 1.5},
		"a set in OPA's form":             {"list", ast.NewSet(ast.StringTerm("a"))},
	} {
		if !p.pass("items", item) {
			t.Errorf("%s: left out", name)
		}
	}
}

// TestAListARuleReadsIsBuilt: the built-in rules read no workloads, so
// that list is not built; a user rule that reads it has it built, and
// one that reads input whole has every list built, unfiltered.
func TestAListARuleReadsIsBuilt(t *testing.T) {
	mods, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]bool{
		"": true,
		"findings contains 1 if { some w in input.workloads; w.meshed }": false,
		"findings contains 1 if { count(input.workloads) > 100 }":        false,
		"findings contains 1 if { x := input; x.settings }":              false,
	} {
		user := Module{Name: "u.rego", Source: "package meshlint.rules.u\n" + src}
		p, err := itemFilters(append(slices.Clone(mods), user))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.unread("workloads"); got != want {
			t.Errorf("with %q: workloads unread %v, want %v", src, got, want)
		}
	}
}
