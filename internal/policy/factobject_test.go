package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
)

// A fact.Object is the map of the same fields to the rules (the same OPA
// value), and a fact.Ref the map of its four; the memo keys an object by
// its fields in order, a reference by its strings.
func TestAFactObjectIsTheMapOfItsFields(t *testing.T) {
	ref := ast.NewObject([2]*ast.Term{ast.StringTerm("kind"), ast.StringTerm("Service")})
	to := fact.Ref{APIVersion: "v1", Kind: "Service", Namespace: "shop", Name: "web"}
	obj := fact.Object{"id", 3, "ref", ref, "to", to, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil}
	m := map[string]any{"id": 3, "ref": ref, "to": to.Map(), "host": map[string]any{"value": "web", "line": 7}, "ips": []any{"10.0.0.1"}, "why": nil}
	a, err := value(obj)
	if err != nil {
		t.Fatal(err)
	}
	b, err := value(m)
	if err != nil {
		t.Fatal(err)
	}
	if a.Compare(b) != 0 {
		t.Errorf("values differ: %v and %v", a, b)
	}
	e := encoder{bufs: [][]byte{nil}}
	again := fact.Object{"id", 3, "ref", ref, "to", to, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil}
	if e.key([]byte("hops"), obj) != e.key([]byte("hops"), again) {
		t.Error("equal items, different keys")
	}
	elsewhere := to
	elsewhere.Namespace, elsewhere.Name = "shopweb", ""
	for _, other := range []fact.Object{
		{"id", 4, "ref", ref, "to", to, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil},
		{"id", 3, "ref", ref, "to", elsewhere, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil},
	} {
		if e.key([]byte("hops"), obj) == e.key([]byte("hops"), other) {
			t.Errorf("different items share a key: %v", other)
		}
	}
}
