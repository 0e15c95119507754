package stackdiff

import (
	"io"
	"slices"
	"strconv"

	"github.com/meshlint/meshlint/internal/topology"
)

func itoa(n int) string { return strconv.Itoa(n) }

// changedGraph is the topology of the changed hops only: the rows of the
// head (or, for a removed hop, the base) that carry them, labelled with
// the change, and the nodes they join. topology's Mermaid renderer draws
// it.
func changedGraph(hops []HopChange, base, head *topology.Topology) *topology.Topology {
	g := &topology.Topology{}
	nodes := map[string]topology.Node{}
	var order []string
	seen := map[string]bool{}
	addNode := func(t *topology.Topology, id string) {
		if _, ok := nodes[id]; ok {
			return
		}
		for _, n := range t.Nodes {
			if n.ID == id {
				nodes[id] = n
				order = append(order, id)
			}
		}
	}
	for _, c := range hops {
		t := head
		if c.Change == Removed {
			t = base
		}
		for _, row := range rowsOf(t, c) {
			k := c.Change + row.From + row.To + row.Service.String() + itoa(row.Port) + row.Outcome
			if seen[k] {
				continue
			}
			seen[k] = true
			row.Label = changeLabel(c, row)
			if c.Change == Removed {
				row.Class = "" // drawn plain: it carries no traffic any more
			}
			g.Hops = append(g.Hops, row)
			addNode(t, row.From)
			addNode(t, row.To)
		}
	}
	for _, id := range order {
		g.Nodes = append(g.Nodes, nodes[id])
	}
	return g
}

// rowsOf are the rows of t that carry the hop c: same client node,
// Service and port. A client the topology draws under another object
// than the model's hop names falls back to the rows of the Service port
// with the hop's outcomes.
func rowsOf(t *topology.Topology, c HopChange) []topology.Hop {
	from := map[string]bool{}
	for _, n := range t.Nodes {
		if n.Ref.String() == c.Source.String() {
			from[n.ID] = true
		}
	}
	st := c.After
	if st == nil {
		st = c.Before
	}
	var out, fallback []topology.Hop
	for _, h := range t.Hops {
		if h.Service.String() != c.Service.String() || h.Port != c.Port {
			continue
		}
		if from[h.From] {
			out = append(out, h)
		} else if len(from) == 0 && slices.Contains(st.Outcomes, h.Outcome) {
			fallback = append(fallback, h)
		}
	}
	if len(out) == 0 {
		return fallback
	}
	return out
}

// changeLabel is what an edge of the changed graph says after its port
// and protocol.
func changeLabel(c HopChange, row topology.Hop) string {
	switch c.Change {
	case Added:
		return "new: " + row.Label
	case Removed:
		return "removed, was " + row.Label
	}
	return c.Before.Label + " → " + row.Label
}

// WriteMermaid draws the changed hops as a Mermaid flowchart (fenced).
func (d *Diff) WriteMermaid(w io.Writer) error {
	return topology.WriteGraph(w, d.graph, "mermaid", topology.GraphOptions{})
}
