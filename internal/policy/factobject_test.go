package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
)

// A fact.Object is the map of the same fields to the rules (the same OPA
// value); the memo keys it by its fields in order.
func TestAFactObjectIsTheMapOfItsFields(t *testing.T) {
	ref := ast.NewObject([2]*ast.Term{ast.StringTerm("kind"), ast.StringTerm("Service")})
	obj := fact.Object{"id", 3, "ref", ref, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil}
	m := map[string]any{"id": 3, "ref": ref, "host": map[string]any{"value": "web", "line": 7}, "ips": []any{"10.0.0.1"}, "why": nil}
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
	again := fact.Object{"id", 3, "ref", ref, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil}
	if e.key([]byte("hops"), obj) != e.key([]byte("hops"), again) {
		t.Error("equal items, different keys")
	}
	other := fact.Object{"id", 4, "ref", ref, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil}
	if e.key([]byte("hops"), obj) == e.key([]byte("hops"), other) {
		t.Error("different items share a key")
	}
}
