package admission

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
)

// TestCountsAgreeWithAMapOfMaps drives counts and the plain map of maps it
// replaces with the same random additions and removals (removals of what
// was never added among them) and requires the same namespaces per key.
func TestCountsAgreeWithAMapOfMaps(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c, want := counts{}, map[string]map[string]int{}
	keys, nss := []string{"a", "b", "c"}, []string{"n1", "n2", "n3", "n4"}
	for step := range 20000 {
		k, ns, d := keys[r.IntN(len(keys))], nss[r.IntN(len(nss))], 1
		if r.IntN(2) == 0 {
			d = -1
		}
		c.add(k, ns, d)
		if m := want[k]; m != nil || d > 0 {
			if m == nil {
				m = map[string]int{}
				want[k] = m
			}
			if m[ns] += d; m[ns] <= 0 {
				delete(m, ns)
			}
			if len(m) == 0 {
				delete(want, k)
			}
		}
		for _, k := range keys {
			var exp []string
			for ns := range want[k] {
				exp = append(exp, ns)
			}
			sort.Strings(exp)
			if got := c.of(k); !slices.Equal(got, exp) && len(got)+len(exp) > 0 {
				t.Fatalf("step %d: %s held by %v, want %v", step, k, got, exp)
			}
		}
		if len(c) != len(want) {
			t.Fatalf("step %d: %d keys held, want %d", step, len(c), len(want))
		}
	}
}
