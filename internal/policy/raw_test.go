package policy

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// TestFindingsDecodeWithoutJSON checks that what a rule emits takes the
// direct path of decodeRaw (the JSON one is for odd shapes only).
func TestFindingsDecodeWithoutJSON(t *testing.T) {
	q, err := rego.New(rego.Query("f := data.x.f"), rego.Module("x.rego", `package x
f := {"rule": "X1", "object": {"kind": "Service", "namespace": "a", "name": "b"}, "line": 3,
	"message": "m", "remediation": "r", "related": [{"kind": "Pod", "name": "p"}]}`)).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rs, err := q.Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatal(err, rs)
	}
	r, ok := fastRaw(rs[0].Bindings["f"])
	if !ok || r.Line != 3 || r.Object.Name != "b" || len(r.Related) != 1 || r.Related[0].Name != "p" {
		t.Fatalf("fast path: ok=%v %+v", ok, r)
	}
	if _, err := decodeRaw(map[string]any{"rule": "X"}); err == nil {
		t.Fatal("a finding without object and message must be refused")
	}
}
