package topology

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// writeDOT draws the graph for Graphviz (`dot -Tsvg`): one cluster per
// namespace, edges coloured by outcome.
func writeDOT(w io.Writer, t *Topology) error {
	var b strings.Builder
	b.WriteString("digraph meshlint {\n  rankdir=LR;\n")
	b.WriteString("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=10];\n")
	for _, g := range groups(t.Nodes) {
		dotGroup(&b, g)
	}
	for _, h := range t.Hops {
		st := styleOf(h.Class)
		fmt.Fprintf(&b, "  %s -> %s [label=%s, color=%s, fontcolor=%s, penwidth=%d", h.From, h.To,
			dotString(edgeLabel(h)), dotString(st.colour), dotString(st.colour), st.width)
		if st.dashed {
			b.WriteString(", style=dashed")
		}
		b.WriteString("];\n")
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func dotGroup(b *strings.Builder, g group) {
	indent := "  "
	if g.namespace != "" {
		fmt.Fprintf(b, "  subgraph cluster_ns_%s {\n    label=%s;\n    style=dashed;\n", slug(g.namespace), dotString(g.namespace))
		indent = "    "
	}
	for _, n := range g.nodes {
		label := n.Label
		if c := caption(n); c != "" {
			label += "\n" + c
		}
		attrs := []string{"label=" + dotString(label)}
		switch n.Kind {
		case KindController:
			attrs = append(attrs, "shape=oval")
		case KindService:
			attrs = append(attrs, "shape=component")
		}
		if n.Meshed {
			attrs = append(attrs, "color="+dotString(meshedColour), "penwidth=2")
		} else if n.Kind != KindController {
			attrs = append(attrs, `style="rounded,dashed"`)
		} else {
			attrs = append(attrs, "style=dashed")
		}
		fmt.Fprintf(b, "%s%s [%s];\n", indent, n.ID, strings.Join(attrs, ", "))
	}
	if g.namespace != "" {
		b.WriteString("  }\n")
	}
}

// dotString quotes s as a DOT string: backslash and double quote are
// escaped, a newline becomes \n (a centred line break in a label).
func dotString(s string) string {
	s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
	return `"` + s + `"`
}

func styleOf(class string) edgeStyle {
	for _, st := range edgeStyles {
		if st.class == class {
			return st
		}
	}
	return edgeStyles[len(edgeStyles)-1]
}

func itoa(n int) string { return strconv.Itoa(n) }
