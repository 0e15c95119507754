package topology

// What the two graph formats share: colours per outcome class, node
// captions, and nodes grouped by namespace.

// edgeStyle is how an outcome class is drawn. Broken hops are thicker so
// they stand out even without colour; unknown ones are dashed.
type edgeStyle struct {
	class  string
	colour string
	width  int
	dashed bool
}

// edgeStyles in the order the legend of a reader expects: green mTLS, grey
// plain text by design, red broken or passthrough, orange unknown.
var edgeStyles = []edgeStyle{
	{ClassMTLS, "#2e7d32", 2, false},
	{ClassPlaintext, "#9e9e9e", 2, false},
	{ClassBroken, "#c62828", 3, false},
	{ClassUnknown, "#ef6c00", 2, true},
}

// meshedColour outlines nodes in the mesh (sidecar or ambient).
const meshedColour = "#2e7d32"

// edgeLabel is what an edge says: the Service port, its protocol and the
// outcome in words (colour alone does not reach every reader).
func edgeLabel(h Hop) string {
	return itoa(h.Port) + " " + h.Protocol + ": " + h.Label
}

// caption is the second line of a node that is not plainly in the mesh.
func caption(n Node) string {
	switch {
	case n.Kind == KindService:
		return "no workload in the inputs"
	case !n.MeshedKnown:
		return "mesh status unknown"
	case !n.Meshed:
		return "no sidecar"
	case n.Dataplane == "ambient":
		return "ambient (ztunnel)"
	}
	return ""
}

// group is the nodes of one namespace ("" for controllers the inputs do
// not hold, which have none), in node order.
type group struct {
	namespace string
	nodes     []Node
}

func groups(nodes []Node) []group {
	var out []group
	index := map[string]int{}
	for _, n := range nodes {
		i, ok := index[n.Namespace]
		if !ok {
			i = len(out)
			index[n.Namespace] = i
			out = append(out, group{namespace: n.Namespace})
		}
		out[i].nodes = append(out[i].nodes, n)
	}
	return out
}
