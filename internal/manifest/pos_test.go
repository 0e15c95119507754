package manifest

import "testing"

func TestPosTree(t *testing.T) {
	// 9^4 = 6561 "x" once expanded, well within the alias budget.
	const src = `apiVersion: v1
kind: ConfigMap
metadata: {name: fan}
data:
  a: &a [x, x, x, x, x, x, x, x, x]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d:
    [*c, *c, *c, *c, *c, *c, *c, *c, *c]
`
	r := LoadBytes("x.yaml", []byte(src), Options{})
	if len(r.Errors) > 0 || len(r.Objects) != 1 {
		t.Fatalf("errors %v, %d objects", r.Errors, len(r.Objects))
	}
	o := r.Objects[0]
	if n := len(o.tree.nodes); n > 40 {
		t.Errorf("tree has %d nodes: aliases must share their anchor's nodes", n)
	}
	tests := []struct {
		name string
		path []string
		want int
	}{
		{"an item that is an alias is at the alias", []string{"data", "d", "8"}, 9},
		{"below an alias, lines are the anchor's", []string{"data", "d", "8", "8", "8", "8"}, 5},
		{"past the tree's end, the deepest field found", []string{"data", "d", "8", "8", "8", "8", "0"}, 5},
	}
	for _, tc := range tests {
		if got := o.FieldLine(tc.path...); got != tc.want {
			t.Errorf("%s: FieldLine(%q) = %d, want %d", tc.name, tc.path, got, tc.want)
		}
	}
}

func TestListItemsShareTheListTree(t *testing.T) {
	objs := loadFile(t, "list.yaml")
	svc, dep := objs[0], objs[1]
	if svc.tree != dep.tree {
		t.Errorf("items of one List have trees of their own")
	}
	if got := svc.FieldLine("metadata", "name"); got != 6 {
		t.Errorf("Service metadata.name at %d, want 6", got)
	}
	if got := dep.FieldLine("metadata", "name"); got != 10 {
		t.Errorf("Deployment metadata.name at %d, want 10", got)
	}
	if got := dep.FieldLine("items"); got != 7 {
		t.Errorf("an item does not see the List's keys: got %d, want its own line 7", got)
	}
}
