package topology

import (
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// drawn is what an HTML page shows, read back with an HTML5 parser (the
// one browsers follow): the SVG's nodes and edges, the hop table's rows.
type drawn struct {
	nodes map[string]drawnNode
	edges []drawnEdge
	rows  []drawnEdge
	// external lists what the page would fetch: scripts, stylesheets,
	// any src or href that is not a fragment of the page.
	external []string
}

type drawnNode struct {
	x              int
	label, kind    string
	meshed         bool
	outline, texts string
}

type drawnEdge struct {
	from, to, outcome, class string
	stroke, text, cells      string
}

func parseDrawn(t *testing.T, page string) drawn {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("not HTML: %v", err)
	}
	d := drawn{nodes: map[string]drawnNode{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			d.read(n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return d
}

func (d *drawn) read(n *html.Node) {
	switch {
	case n.Data == "script" || n.Data == "link" || n.Data == "iframe" || n.Data == "object":
		d.external = append(d.external, "<"+n.Data+">")
	case n.Data == "g" && attr(n, "class") == "hop":
		e := drawnEdge{from: attr(n, "data-from"), to: attr(n, "data-to"), outcome: attr(n, "data-outcome"), class: attr(n, "data-class")}
		if p := child(n, "path"); p != nil {
			e.stroke = attr(p, "stroke")
		}
		if tx := child(n, "text"); tx != nil {
			e.text = text(tx)
		}
		d.edges = append(d.edges, e)
	case n.Data == "g" && strings.HasPrefix(attr(n, "class"), "node "):
		d.nodes[attr(n, "data-id")] = readNode(n)
	case n.Data == "tr" && attr(n, "data-from") != "":
		d.rows = append(d.rows, drawnEdge{from: attr(n, "data-from"), to: attr(n, "data-to"), outcome: attr(n, "data-outcome"), cells: text(n)})
	}
	for _, a := range n.Attr {
		if (a.Key == "src" || a.Key == "href") && !strings.HasPrefix(a.Val, "#") {
			d.external = append(d.external, a.Key+"="+a.Val)
		}
	}
}

func readNode(n *html.Node) drawnNode {
	nd := drawnNode{kind: strings.TrimPrefix(attr(n, "class"), "node "), meshed: attr(n, "data-meshed") == "true", texts: text(n)}
	if r := child(n, "rect"); r != nil {
		nd.x, _ = strconv.Atoi(attr(r, "x"))
		nd.outline = attr(r, "class")
	}
	if tx := child(n, "text"); tx != nil {
		nd.label = text(tx)
	}
	return nd
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// child is n's first child element named tag.
func child(n *html.Node, tag string) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == tag {
			return c
		}
	}
	return nil
}

// text is the text of n and its descendants, cells joined by " | ".
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
			if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "text") && c.NextSibling != nil {
				b.WriteString(" | ")
			}
		}
	}
	walk(n)
	return b.String()
}
