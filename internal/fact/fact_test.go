package fact

import (
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

func TestSetReplacesInPlaceAndAppendsANewKey(t *testing.T) {
	o := Object{"mode", nil, "line", 0}
	o.Set("mode", "STRICT")
	if o.Get("mode") != "STRICT" || o.Len() != 2 {
		t.Fatalf("in place: %v", o)
	}
	o.Set("policy", "default")
	if o.Get("policy") != "default" || o.Len() != 3 || o.Get("none") != nil {
		t.Fatalf("appended: %v", o)
	}
}

func TestJSONIsTheMapsJSON(t *testing.T) {
	ref := ast.NewObject([2]*ast.Term{ast.StringTerm("kind"), ast.StringTerm("Service")})
	to := Ref{APIVersion: "v1", Kind: "Service", Name: "web"}
	o := Object{"b", 1, "a", Object{"y", []any{"x", nil, ref}, "x", true}, "c", nil, "ref", ref, "to", to}
	m := map[string]any{"b": 1, "a": map[string]any{"y": []any{"x", nil, map[string]any{"kind": "Service"}}, "x": true}, "c": nil,
		"ref": map[string]any{"kind": "Service"}, "to": map[string]any{"apiVersion": "v1", "kind": "Service", "namespace": "", "name": "web"}}
	got, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(m)
	if string(got) != string(want) {
		t.Errorf("got %s, want %s", got, want)
	}
}
