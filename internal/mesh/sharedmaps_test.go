package mesh

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestStringMapsAreSharedByContent(t *testing.T) {
	a := stringMap(map[string]any{"app": "web", "tier": "front", "replicas": int64(2)})
	b := stringMap(map[string]any{"replicas": 2.0, "tier": "front", "app": "web"})
	if reflect.ValueOf(a).Pointer() != reflect.ValueOf(b).Pointer() {
		t.Error("two maps of equal entries are not shared")
	}
	want := map[string]string{"app": "web", "tier": "front", "replicas": "2"}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("got %v, want %v", a, want)
	}
	// Keys and values are length-prefixed: no two contents meet.
	c := stringMap(map[string]any{"a": "b\x01c"})
	d := stringMap(map[string]any{"a": "b", "c": ""})
	if reflect.DeepEqual(c, d) || len(c) != 1 || len(d) != 2 {
		t.Errorf("distinct contents read alike: %v %v", c, d)
	}
	if stringMap(nil) != nil || stringMap(map[string]any{}) != nil {
		t.Error("an empty map reads as a map")
	}
}

func TestSharedMapsAreBounded(t *testing.T) {
	big := map[string]any{}
	for i := range maxSharedEntries + 1 {
		big[fmt.Sprint("k", i)] = "v"
	}
	long := map[string]any{"k": strings.Repeat("x", maxSharedBytes)}
	for _, m := range []map[string]any{big, long} {
		x, y := stringMap(m), stringMap(m)
		if reflect.ValueOf(x).Pointer() == reflect.ValueOf(y).Pointer() || len(x) != len(m) {
			t.Errorf("a map of %d entries was shared, or read short", len(m))
		}
	}
	table := &mapTable{maps: map[string]map[string]string{}}
	for i := range maxSharedMaps + 10 {
		table.get(map[string]any{"pod-template-hash": fmt.Sprint(i)})
	}
	if len(table.maps) != maxSharedMaps {
		t.Errorf("the table holds %d maps, want its bound %d", len(table.maps), maxSharedMaps)
	}
	m := table.get(map[string]any{"pod-template-hash": "0"})
	if n := table.get(map[string]any{"pod-template-hash": "0"}); reflect.ValueOf(m).Pointer() != reflect.ValueOf(n).Pointer() {
		t.Error("a full table no longer shares what it holds")
	}
}
