package fact

import (
	"encoding/json"
	"testing"
)

func TestSetReplacesInPlaceAndAppendsANewKey(t *testing.T) {
	o := Object{"mode", nil, "line", 0}
	o.Set("mode", "STRICT")
	if o.Get("mode") != "STRICT" || o.Len() != 2 {
		t.Fatalf("in place: %v", o)
	}
	o = o.Set("policy", "default")
	if o.Get("policy") != "default" || o.Len() != 3 || o.Get("none") != nil {
		t.Fatalf("appended: %v", o)
	}
}

func TestJSONIsTheMapsJSON(t *testing.T) {
	o := Object{"b", 1, "a", Object{"y", []any{"x", nil}, "x", true}, "c", nil}
	m := map[string]any{"b": 1, "a": map[string]any{"y": []any{"x", nil}, "x": true}, "c": nil}
	got, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(m)
	if string(got) != string(want) {
		t.Errorf("got %s, want %s", got, want)
	}
}
