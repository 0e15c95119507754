package topology

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

// corpusTopology is the topology of about n objects of the benchmark
// corpus: copies of the stack in namespaces app-NNNNN, each broken its own
// way, behind one ingress-nginx.
func corpusTopology(t *testing.T, n int) *Topology {
	t.Helper()
	objs, err := corpus.Objects(n)
	if err != nil {
		t.Fatal(err)
	}
	return Build(mesh.Build(objs, validate.Settings(config.Default())))
}

// TestFilterKeepsWhatItSays: a hop stays when either end is in a given
// namespace and, with OnlyBroken, when it is of class broken; the nodes
// are the ends of those hops, plus the namespaces' own nodes when only
// namespaces are given. Order is kept.
func TestFilterKeepsWhatItSays(t *testing.T) {
	full := corpusTopology(t, 300)
	nsOf := map[string]string{}
	for _, n := range full.Nodes {
		nsOf[n.ID] = NamespaceOf(n)
	}
	for name, f := range map[string]Filter{
		"one namespace":               {Namespaces: []string{"app-00001"}},
		"two namespaces":              {Namespaces: []string{"app-00001", "app-00004"}},
		"the ingress namespace":       {Namespaces: []string{"ingress-nginx"}},
		"only broken":                 {OnlyBroken: true},
		"only broken in a namespace":  {Namespaces: []string{"app-00002", "app-00003"}, OnlyBroken: true},
		"a namespace the stack lacks": {Namespaces: []string{"nowhere"}},
	} {
		t.Run(name, func(t *testing.T) {
			got := f.Apply(full)
			var want []Hop
			ends := map[string]bool{}
			for _, h := range full.Hops {
				inNS := len(f.Namespaces) == 0 || slices.Contains(f.Namespaces, nsOf[h.From]) || slices.Contains(f.Namespaces, nsOf[h.To])
				if inNS && (!f.OnlyBroken || h.Class == ClassBroken) {
					want = append(want, h)
					ends[h.From], ends[h.To] = true, true
				}
			}
			if !slices.EqualFunc(got.Hops, want, func(a, b Hop) bool { return a.Name == b.Name && a.Outcome == b.Outcome }) {
				t.Errorf("hops %v, want %v", hopNames(got.Hops), hopNames(want))
			}
			var wantNodes []string
			for _, n := range full.Nodes {
				if ends[n.ID] || (!f.OnlyBroken && slices.Contains(f.Namespaces, nsOf[n.ID])) {
					wantNodes = append(wantNodes, n.ID)
				}
			}
			if gotNodes := nodeIDs(got.Nodes); !slices.Equal(gotNodes, wantNodes) {
				t.Errorf("nodes %v, want %v", gotNodes, wantNodes)
			}
			if name != "a namespace the stack lacks" && (len(got.Hops) == 0 || len(got.Hops) == len(full.Hops)) {
				t.Errorf("the filter kept %d of %d hops: the case tests nothing", len(got.Hops), len(full.Hops))
			}
		})
	}
}

// TestFilteredGraphsStayValid: every format draws the filtered graph, and
// Mermaid, Graphviz and an HTML parser take what it draws (Mermaid's
// linkStyle indexes count the kept edges only).
func TestFilteredGraphsStayValid(t *testing.T) {
	full := corpusTopology(t, 300)
	f := Filter{Namespaces: []string{"app-00001", "app-00002"}, OnlyBroken: true}
	dir := t.TempDir()
	files := map[string]string{}
	for _, format := range GraphFormats {
		var b strings.Builder
		if err := WriteGraph(&b, full, format, GraphOptions{Filter: f}); err != nil {
			t.Fatal(err)
		}
		files[format] = filepath.Join(dir, "filtered."+format)
		if err := os.WriteFile(files[format], []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		// (The page's scale table is the whole stack's: checkDrawn reads its graph.)
		if format != "html" && strings.Contains(b.String(), "app-00003") {
			t.Errorf("%s draws namespace app-00003, which the filter leaves out", format)
		}
	}
	checkMermaid(t, filepath.Join("testdata", "mermaid"), files["mermaid"])
	checkDOT(t, files["dot"])
	page, err := os.ReadFile(files["html"])
	if err != nil {
		t.Fatal(err)
	}
	checkDrawn(t, f.Apply(full), parseDrawn(t, string(page)))
}

func hopNames(hops []Hop) []string {
	out := make([]string, len(hops))
	for i, h := range hops {
		out[i] = h.Name
	}
	return out
}

func nodeIDs(nodes []Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = n.ID
	}
	return out
}
