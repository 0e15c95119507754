package topology

import (
	"fmt"
	"testing"
)

// TestLayoutCutsCyclesAndKeepsNodesApart: two services that call each
// other, one that calls itself and a node no hop reaches still get a
// place each; the hops but the one closing the cycle run left to right,
// and no two nodes overlap.
func TestLayoutCutsCyclesAndKeepsNodesApart(t *testing.T) {
	n := func(id, kind string) Node { return Node{ID: id, Label: id, Kind: kind, Namespace: "ns"} }
	h := func(from, to string) Hop { return Hop{From: from, To: to, Class: ClassMTLS} }
	topo := &Topology{
		Nodes: []Node{n("a", KindWorkload), n("b", KindWorkload), n("gw", KindController), n("c", KindWorkload), n("alone", KindWorkload)},
		Hops:  []Hop{h("a", "b"), h("b", "a"), h("gw", "a"), h("b", "c"), h("c", "c")},
	}
	g := drawGraph(topo)
	at := map[string]svgNode{}
	for _, sn := range g.Nodes {
		at[sn.ID] = sn
	}
	order := []string{"gw", "a", "b", "c", "alone"} // the columns, left to right
	for i := 1; i < len(order); i++ {
		if at[order[i-1]].X >= at[order[i]].X {
			t.Errorf("%s (x %d) is not left of %s (x %d)", order[i-1], at[order[i-1]].X, order[i], at[order[i]].X)
		}
	}
	seen := map[string]string{}
	for _, sn := range g.Nodes {
		key := fmt.Sprint(sn.X, sn.Y)
		if other, ok := seen[key]; ok || sn.X+sn.W > g.Width || sn.Y+sn.H > g.Height {
			t.Errorf("%s at %s: overlaps %q or leaves the %dx%d drawing", sn.ID, key, other, g.Width, g.Height)
		}
		seen[key] = sn.ID
	}
	if len(g.Edges) != len(topo.Hops) {
		t.Errorf("%d edges for %d hops", len(g.Edges), len(topo.Hops))
	}
}
