package topology

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Geometry of the HTML graph, in SVG user units (CSS pixels).
const (
	nodeHeight  = 44
	rowGap      = 18
	layerGap    = 170 // room for an edge's label between two columns
	margin      = 24
	charWidth   = 7 // a 12px sans-serif character, on average
	minNodeW    = 120
	maxNodeChar = 44 // longer labels are cut, the full one is the tooltip
)

// svgNode is a node as the template draws it.
type svgNode struct {
	Node
	X, Y, W, H int
	Rx         int
	Title      string
	Text, Sub  string
	TextX      int
	TextY      int
	SubY       int
	// InnerL, InnerR and Bottom draw a Service's side bars, as Mermaid's
	// [["..."]] subroutine shape.
	InnerL, InnerR, Bottom int
}

// svgEdge is a hop as the template draws it.
type svgEdge struct {
	Hop
	Path           string
	LabelX, LabelY int
	Text           string
	Colour         string
	Width          int
	Dashed         bool
}

type svgGraph struct {
	Width, Height int
	Nodes         []svgNode
	Edges         []svgEdge
}

func drawGraph(t *Topology) svgGraph {
	l := layerNodes(t)
	widths := make([]int, len(l.layers))
	for li, vs := range l.layers {
		widths[li] = minNodeW
		for _, v := range vs {
			widths[li] = max(widths[li], nodeWidth(t.Nodes[v]))
		}
	}
	rows := 0
	for _, vs := range l.layers {
		rows = max(rows, len(vs))
	}
	g := svgGraph{Nodes: make([]svgNode, len(t.Nodes))}
	x := margin
	for li, vs := range l.layers {
		top := margin + (rows-len(vs))*(nodeHeight+rowGap)/2
		for r, v := range vs {
			g.Nodes[v] = placeNode(t.Nodes[v], x, top+r*(nodeHeight+rowGap), widths[li])
		}
		x += widths[li] + layerGap
	}
	g.Width = max(x-layerGap+margin, 2*margin)
	g.Height = 2*margin + max(rows*(nodeHeight+rowGap)-rowGap, 0)
	g.Edges = drawEdges(t, g.Nodes)
	return g
}

func nodeWidth(n Node) int {
	chars := min(max(utf8.RuneCountInString(n.Label), utf8.RuneCountInString(subline(n))), maxNodeChar)
	return chars*charWidth + 28
}

func placeNode(n Node, x, y, w int) svgNode {
	s := svgNode{Node: n, X: x, Y: y, W: w, H: nodeHeight, Rx: 6, Title: n.Label, Text: cut(n.Label), Sub: cut(subline(n))}
	if n.Kind == KindController {
		s.Rx = nodeHeight / 2 // a stadium, as Mermaid's (["..."])
	}
	if s.Sub != "" {
		s.Title += "\n" + subline(n)
	}
	s.TextX, s.TextY, s.SubY = x+w/2, y+18, y+34
	s.InnerL, s.InnerR, s.Bottom = x+8, x+w-8, y+nodeHeight
	if s.Sub == "" {
		s.TextY = y + 26
	}
	return s
}

// subline is the node's second line: its namespace and the caption the
// Mermaid graph gives it.
func subline(n Node) string {
	parts := []string{}
	if ns := NamespaceOf(n); ns != "" {
		parts = append(parts, ns)
	}
	if c := caption(n); c != "" {
		parts = append(parts, c)
	}
	return strings.Join(parts, " · ")
}

func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxNodeChar {
		return s
	}
	return string([]rune(s)[:maxNodeChar-1]) + "…"
}

// drawEdges draws each hop as a cubic curve from the right side of its
// source to the left side of its target; hops between the same two nodes
// fan out so each label reads, and a hop back to an earlier column (a
// cycle) or to its own node loops round.
func drawEdges(t *Topology, nodes []svgNode) []svgEdge {
	index := make(map[string]int, len(nodes))
	for i, n := range nodes {
		index[n.ID] = i
	}
	seen := map[[2]int]int{}
	out := make([]svgEdge, len(t.Hops))
	for i, h := range t.Hops {
		a, b := index[h.From], index[h.To]
		k := seen[[2]int{a, b}]
		seen[[2]int{a, b}]++
		st := styleOf(h.Class)
		e := svgEdge{Hop: h, Text: edgeLabel(h), Colour: st.colour, Width: st.width, Dashed: st.dashed}
		e.Path, e.LabelX, e.LabelY = curve(nodes[a], nodes[b], k)
		out[i] = e
	}
	return out
}

func curve(a, b svgNode, k int) (string, int, int) {
	fan := k * 16
	x0, y0 := a.X+a.W, a.Y+a.H/2
	x3, y3 := b.X, b.Y+b.H/2
	var x1, y1, x2, y2 int
	switch {
	case a.ID == b.ID:
		x3, y3 = a.X+a.W/2, a.Y+a.H
		x1, y1, x2, y2 = x0+60+fan, y0, x3+40+fan, y3+50+fan
	case x3 > x0:
		d := (x3 - x0) / 2
		x1, y1, x2, y2 = x0+d, y0+fan, x3-d, y3+fan
	default:
		x1, y1, x2, y2 = x0+80+fan, y0+fan, x3-80-fan, y3+fan
	}
	// The label sits at the curve's middle: B(1/2) = (P0 + 3P1 + 3P2 + P3) / 8.
	lx, ly := (x0+3*x1+3*x2+x3)/8, (y0+3*y1+3*y2+y3)/8-4
	return "M" + pt(x0, y0) + " C" + pt(x1, y1) + " " + pt(x2, y2) + " " + pt(x3, y3), lx, ly
}

func pt(x, y int) string { return strconv.Itoa(x) + "," + strconv.Itoa(y) }
