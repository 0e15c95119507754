package tree

import "testing"

func TestReadersNeverPanicAndReadWhatIsThere(t *testing.T) {
	m := map[string]any{"spec": map[string]any{"ports": []any{map[string]any{"port": int64(80)}}, "name": "x", "n": "8080", "f": 1.5}, "bad": "str"}
	if l := List(m, "spec", "ports"); len(l) != 1 {
		t.Errorf("List = %v", l)
	}
	if Map(m, "bad", "deeper") != nil || List(m, "bad", "x") != nil || List(m) != nil {
		t.Error("a wrong type must read as absent")
	}
	if !Has(m, "spec", "name") || Has(m, "spec", "none") || Has(m) {
		t.Error("Has")
	}
	if String(m, "spec", "name") != "x" || String(m, "spec", "ports") != "" || String(m) != "" {
		t.Error("String")
	}
	if n, ok := Int(m, "spec", "n"); !ok || n != 8080 {
		t.Errorf("Int of a digit string = %d %v", n, ok)
	}
	if _, ok := Int(m, "spec", "f"); ok {
		t.Error("1.5 is not an integer")
	}
	if Scalar(true) != "true" || Scalar(int64(3)) != "3" || Scalar(nil) != "" {
		t.Error("Scalar")
	}
}
