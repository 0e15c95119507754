package topology

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// writeMermaid draws a Mermaid flowchart that GitHub renders in a comment
// or Markdown file as is. Edges are coloured with linkStyle by index (the
// order edges are declared), the only edge styling GitHub's Mermaid takes;
// node IDs are [a-z0-9_] slugs, so no name can break the syntax.
func writeMermaid(w io.Writer, t *Topology, opts GraphOptions) error {
	var b strings.Builder
	if !opts.Bare {
		b.WriteString("```mermaid\n")
	}
	b.WriteString("flowchart LR\n")
	for _, g := range groups(t.Nodes) {
		mermaidGroup(&b, g)
	}
	for _, h := range t.Hops {
		fmt.Fprintf(&b, "  %s -->|\"%s\"| %s\n", h.From, mermaidText(edgeLabel(h)), h.To)
	}
	mermaidNodeClasses(&b, t.Nodes)
	mermaidLinkStyles(&b, t.Hops)
	if !opts.Bare {
		b.WriteString("```\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mermaidGroup(b *strings.Builder, g group) {
	indent := "  "
	if g.namespace != "" {
		fmt.Fprintf(b, "  subgraph ns_%s[\"%s\"]\n", slug(g.namespace), mermaidText(g.namespace))
		indent = "    "
	}
	for _, n := range g.nodes {
		label := mermaidText(n.Label)
		if c := caption(n); c != "" {
			label += "<br/>" + c
		}
		open, shut := `["`, `"]`
		switch n.Kind {
		case KindController:
			open, shut = `(["`, `"])`
		case KindService:
			open, shut = `[["`, `"]]`
		}
		fmt.Fprintf(b, "%s%s%s%s%s\n", indent, n.ID, open, label, shut)
	}
	if g.namespace != "" {
		b.WriteString("  end\n")
	}
}

// mermaidText escapes what would end or alter a quoted label: Mermaid
// reads #name; as an entity, and GitHub renders labels as HTML.
func mermaidText(s string) string {
	return strings.NewReplacer(`#`, "#35;", `"`, "#quot;", "<", "#lt;", ">", "#gt;").Replace(s)
}

func mermaidNodeClasses(b *strings.Builder, nodes []Node) {
	var meshed, unmeshed []string
	for _, n := range nodes {
		if n.Meshed {
			meshed = append(meshed, n.ID)
		} else {
			unmeshed = append(unmeshed, n.ID)
		}
	}
	if len(meshed) > 0 {
		fmt.Fprintf(b, "  classDef meshed stroke:%s,stroke-width:2px\n  class %s meshed\n", meshedColour, strings.Join(meshed, ","))
	}
	if len(unmeshed) > 0 {
		fmt.Fprintf(b, "  classDef unmeshed stroke-dasharray:4 3\n  class %s unmeshed\n", strings.Join(unmeshed, ","))
	}
}

func mermaidLinkStyles(b *strings.Builder, hops []Hop) {
	for _, st := range edgeStyles {
		var idx []string
		for i, h := range hops {
			if h.Class == st.class {
				idx = append(idx, strconv.Itoa(i))
			}
		}
		if len(idx) == 0 {
			continue
		}
		fmt.Fprintf(b, "  linkStyle %s stroke:%s,stroke-width:%dpx,color:%s", strings.Join(idx, ","), st.colour, st.width, st.colour)
		if st.dashed {
			b.WriteString(",stroke-dasharray:6 4")
		}
		b.WriteString("\n")
	}
}
