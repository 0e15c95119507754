package topology

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTMLGolden pins the page of manifests/blog-system (the CLI test pins
// blog-system-gateway, a kustomize overlay only the CLI renders, and
// checks the binary prints both).
func TestHTMLGolden(t *testing.T) {
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../..")
	var buf bytes.Buffer
	topo := Build(modelAt(t, "manifests/blog-system", "manifests/blog-system/.meshlint.yaml"))
	if err := WriteGraph(&buf, topo, "html", GraphOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join(testdata, "blog-system.html"), buf.Bytes())
}

// TestHTMLDrawsEveryHopWithItsOutcome reads the golden pages back with an
// HTML parser and holds them against the topology the same stack's JSON
// report holds (both pinned against the binary): every hop is an edge
// from its source to its target, with its outcome and its class's colour,
// left to right; every node is drawn with its label and mesh outline;
// the hop table has the hop's row; nothing is fetched from elsewhere.
func TestHTMLDrawsEveryHopWithItsOutcome(t *testing.T) {
	for _, name := range []string{"blog-system", "blog-system-gateway"} {
		t.Run(name, func(t *testing.T) {
			var topo Topology
			if err := json.Unmarshal([]byte(readTestdata(t, name+".report.json")), &topo); err != nil {
				t.Fatal(err)
			}
			checkDrawn(t, &topo, parseDrawn(t, readTestdata(t, name+".html")))
		})
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func checkDrawn(t *testing.T, topo *Topology, d drawn) {
	t.Helper()
	if len(d.external) > 0 {
		t.Errorf("the page is not self-contained: %v", d.external)
	}
	if len(topo.Hops) == 0 || len(d.edges) != len(topo.Hops) || len(d.rows) != len(topo.Hops) {
		t.Fatalf("%d hops, drawn %d edges and %d table rows", len(topo.Hops), len(d.edges), len(d.rows))
	}
	for i, h := range topo.Hops {
		e, row := d.edges[i], d.rows[i]
		want := drawnEdge{from: h.From, to: h.To, outcome: h.Outcome, class: h.Class, stroke: styleOf(h.Class).colour, text: edgeLabel(h)}
		if e != want {
			t.Errorf("hop %s drawn as %+v, want %+v", h.Name, e, want)
		}
		if row.from != h.From || row.to != h.To || row.outcome != h.Outcome || !strings.Contains(row.cells, h.Name+" | "+h.Protocol+" | "+h.Mode+" | "+h.Label) {
			t.Errorf("hop %s: table row %+v", h.Name, row)
		}
		if d.nodes[h.From].x >= d.nodes[h.To].x {
			t.Errorf("hop %s goes right to left: x %d -> %d", h.Name, d.nodes[h.From].x, d.nodes[h.To].x)
		}
	}
	for _, n := range topo.Nodes {
		got, ok := d.nodes[n.ID]
		outline := map[bool]string{true: "meshed", false: "unmeshed"}[n.Meshed]
		if !ok || got.label != n.Label || got.kind != n.Kind || got.meshed != n.Meshed || got.outline != outline {
			t.Errorf("node %s drawn as %+v", n.ID, got)
		}
	}
	if len(d.nodes) != len(topo.Nodes) {
		t.Errorf("%d nodes drawn, the topology has %d", len(d.nodes), len(topo.Nodes))
	}
}

// TestHTMLEscapesWhatTheManifestsBring: a name that is markup in HTML
// stays text, in the SVG and in the tables, and opens no script.
func TestHTMLEscapesWhatTheManifestsBring(t *testing.T) {
	odd := `we"b</title><script>alert(1)</script>&amp;`
	yaml := strings.ReplaceAll(backend, "name: web, namespace: app", "name: '"+odd+"', namespace: app")
	yaml = strings.Replace(yaml, "{name: web, port:", "{name: '"+odd+"', port:", 1)
	tp := topo(t, strings.Replace(yaml, "CLASS", "nginx", 1), nil)
	var page strings.Builder
	if err := WriteGraph(&page, tp, "html", GraphOptions{}); err != nil {
		t.Fatal(err)
	}
	d := parseDrawn(t, page.String())
	checkDrawn(t, tp, d)
	if !strings.Contains(d.rows[0].cells, odd) {
		t.Errorf("the hop table does not read %q: %q", odd, d.rows[0].cells)
	}
}
