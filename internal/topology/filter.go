package topology

import (
	"slices"
	"strings"
)

// Filter narrows a graph to what a reader of a large stack asks about:
// the hops of some namespaces, or the broken ones. The zero Filter keeps
// everything.
type Filter struct {
	// Namespaces keeps the hops with either end in one of them, and the
	// nodes of those namespaces.
	Namespaces []string
	// OnlyBroken keeps the hops of class broken (passthrough, misrouted,
	// rejected, denied, hangs: the red edges) and their ends.
	OnlyBroken bool
}

// Empty is true when the filter keeps everything.
func (f Filter) Empty() bool { return len(f.Namespaces) == 0 && !f.OnlyBroken }

// String says what the filter keeps, for a caption ("" when empty).
func (f Filter) String() string {
	var parts []string
	if len(f.Namespaces) > 0 {
		parts = append(parts, "namespace "+strings.Join(f.Namespaces, ", "))
	}
	if f.OnlyBroken {
		parts = append(parts, "only broken hops")
	}
	return strings.Join(parts, "; ")
}

// Apply returns the topology with the hops the filter keeps and the nodes
// they join, in their order; the scale table stays the whole stack's.
// With namespaces and no --only, a namespace's nodes that no hop reaches
// stay too: the graph of a namespace shows all of it.
func (f Filter) Apply(t *Topology) *Topology {
	if f.Empty() {
		return t
	}
	byID := make(map[string]Node, len(t.Nodes))
	for _, n := range t.Nodes {
		byID[n.ID] = n
	}
	keep := map[string]bool{}
	out := &Topology{Scale: t.Scale, Nodes: []Node{}, Hops: []Hop{}}
	for _, h := range t.Hops {
		if f.keepsHop(h, byID) {
			out.Hops = append(out.Hops, h)
			keep[h.From], keep[h.To] = true, true
		}
	}
	for _, n := range t.Nodes {
		if keep[n.ID] || (!f.OnlyBroken && f.inNamespaces(n)) {
			out.Nodes = append(out.Nodes, n)
		}
	}
	return out
}

func (f Filter) keepsHop(h Hop, byID map[string]Node) bool {
	if f.OnlyBroken && h.Class != ClassBroken {
		return false
	}
	return len(f.Namespaces) == 0 || f.inNamespaces(byID[h.From]) || f.inNamespaces(byID[h.To])
}

func (f Filter) inNamespaces(n Node) bool {
	return len(f.Namespaces) > 0 && slices.Contains(f.Namespaces, NamespaceOf(n))
}

// NamespaceOf is the namespace a node belongs to: its own, or for a
// Gateway drawn in place of its pods, the Gateway's. An ingress class the
// inputs hold no controller for has none.
func NamespaceOf(n Node) string {
	if n.Namespace != "" {
		return n.Namespace
	}
	return n.Ref.Namespace
}
