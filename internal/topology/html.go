package topology

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
)

// writeHTML writes one self-contained page: the graph of shown, drawn as
// inline SVG by meshlint (no script, no stylesheet or font from elsewhere,
// so it opens offline and in a CI artifact viewer), then the report's
// tables. all is the unfiltered topology, for the "N of M hops" caption.
// html/template escapes every name and label the manifests bring.
func writeHTML(w io.Writer, shown, all *Topology, f Filter) error {
	page := htmlPage{Graph: drawGraph(shown), Scale: scaleRows(shown.Scale), NoHops: noHops, Filter: f.String(),
		Summary: counted2(len(shown.Nodes), "node") + ", " + counted2(len(shown.Hops), "hop")}
	if !f.Empty() {
		page.Summary += " of " + strconv.Itoa(len(all.Hops))
		page.NoHops = "none drawn: no hop of the stack is left by the filter"
	}
	for _, st := range edgeStyles {
		page.Legend = append(page.Legend, legendEntry{Class: st.class, Colour: st.colour, Width: st.width, Dashed: st.dashed,
			Words: legendWords[st.class], Count: countClass(shown.Hops, st.class)})
	}
	page.Hops = page.Graph.Edges
	return htmlTemplate.Execute(w, page)
}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("graph").Parse(htmlSource))

type htmlPage struct {
	Summary string
	Filter  string
	Legend  []legendEntry
	Graph   svgGraph
	Scale   [][2]string
	Hops    []svgEdge
	NoHops  string
}

type legendEntry struct {
	Class, Colour, Words string
	Width, Count         int
	Dashed               bool
}

// legendWords say what each colour means, as the graph command's usage does.
var legendWords = map[string]string{
	ClassMTLS:      "mTLS",
	ClassPlaintext: "plain text (by design)",
	ClassBroken:    "broken or passthrough",
	ClassUnknown:   "unknown",
}

func countClass(hops []Hop, class string) int {
	n := 0
	for _, h := range hops {
		if h.Class == class {
			n++
		}
	}
	return n
}

// counted2 is "1 node", "2 nodes".
func counted2(n int, noun string) string {
	if n != 1 {
		noun += "s"
	}
	return strconv.Itoa(n) + " " + noun
}
