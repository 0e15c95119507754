package intern

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

func same(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }

// sameBox: two interfaces point to one copy of their value.
func sameBox(a, b any) bool {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&a))[1] == (*[2]unsafe.Pointer)(unsafe.Pointer(&b))[1]
}

// decoded is a tree as a JSON decoder gives it: every string its own copy.
func decoded(ns string) map[string]any {
	c := func(s string) string { return strings.Clone(s) }
	return map[string]any{
		c("metadata"): map[string]any{c("name"): c("web"), c("namespace"): c(ns), c("labels"): map[string]any{c("app"): c("web")}},
		c("spec"): map[string]any{c("ports"): []any{map[string]any{c("port"): int64(80), c("protocol"): c("TCP")}},
			c("note"): c(strings.Repeat("x", maxLen+1))},
	}
}

// TestTreeSharesKeysAndValues: two objects decoded apart share their keys
// and short values once interned, and keep their content; a long value is
// left as it is.
func TestTreeSharesKeysAndValues(t *testing.T) {
	tab := New(100)
	a, b := decoded("blog"), decoded("blog")
	want := decoded("blog")
	tab.Tree(a)
	tab.Tree(b)
	if !reflect.DeepEqual(a, want) || !reflect.DeepEqual(b, want) {
		t.Fatalf("content changed: %v", a)
	}
	keyOf := func(m map[string]any, k string) string {
		for key := range m {
			if key == k {
				return key
			}
		}
		t.Fatalf("no key %s", k)
		return ""
	}
	am, bm := a["metadata"].(map[string]any), b["metadata"].(map[string]any)
	if !same(keyOf(am, "namespace"), keyOf(bm, "namespace")) || !same(keyOf(a, "spec"), keyOf(b, "spec")) {
		t.Error("keys are not shared")
	}
	if !same(am["namespace"].(string), bm["namespace"].(string)) {
		t.Error("short values are not shared")
	}
	if !sameBox(am["namespace"], bm["namespace"]) {
		t.Error("the interfaces holding a short value do not share it")
	}
	ap := a["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any)
	bp := b["spec"].(map[string]any)["ports"].([]any)[0].(map[string]any)
	if !same(ap["protocol"].(string), bp["protocol"].(string)) {
		t.Error("values in lists are not shared")
	}
	if same(a["spec"].(map[string]any)["note"].(string), b["spec"].(map[string]any)["note"].(string)) {
		t.Error("a long value was interned")
	}
}

// TestTableIsBounded: past its bound a table takes nothing new, but still
// gives what it holds.
func TestTableIsBounded(t *testing.T) {
	tab := New(3)
	first := tab.String(strings.Clone("a"))
	for i := range 100 {
		tab.String(fmt.Sprintf("uid-%d", i))
	}
	if tab.Len() != 3 {
		t.Errorf("the table holds %d strings, more than its bound", tab.Len())
	}
	if !same(tab.String(strings.Clone("a")), first) {
		t.Error("a string held before the bound is not shared")
	}
	if s := strings.Clone("uid-99"); !same(tab.String(s), s) {
		t.Error("a string past the bound is not returned as it is")
	}
}

// TestTableIsSafeForConcurrentUse: under -race, trees interned at once.
func TestTableIsSafeForConcurrentUse(t *testing.T) {
	tab := New(1000)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 50 {
				tab.Tree(decoded(fmt.Sprintf("ns-%d", i)))
			}
		})
	}
	wg.Wait()
	if tab.Len() == 0 {
		t.Error("nothing interned")
	}
}
