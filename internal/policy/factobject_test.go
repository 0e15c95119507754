package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/meshlint/meshlint/internal/fact"
)

// A fact.Object is the map of the same fields to the rules and to the
// memo: the same OPA value, the same item key.
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
	var e encoder
	if e.key([]byte("hops"), obj) != e.key([]byte("hops"), m) {
		t.Error("item keys differ")
	}
	other := fact.Object{"id", 4, "ref", ref, "host", fact.Object{"value", "web", "line", 7}, "ips", []any{"10.0.0.1"}, "why", nil}
	if e.key([]byte("hops"), obj) == e.key([]byte("hops"), other) {
		t.Error("different items share a key")
	}
}
