package topology

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chain is a synthetic topology of n hops, each between two new nodes,
// whose labels are label plus a number.
func chain(n int, label string) *Topology {
	t := &Topology{}
	for i := range n {
		a, b := Node{ID: "a" + strconv.Itoa(i), Label: label + strconv.Itoa(i), Kind: KindWorkload, Namespace: "ns", Meshed: true, MeshedKnown: true},
			Node{ID: "b" + strconv.Itoa(i), Label: label + strconv.Itoa(i), Kind: KindWorkload, Namespace: "ns", Meshed: true, MeshedKnown: true}
		t.Nodes = append(t.Nodes, a, b)
		t.Hops = append(t.Hops, Hop{From: a.ID, To: b.ID, Port: 80, Protocol: "HTTP", Label: "mTLS", Class: ClassMTLS, Outcome: "mtls"})
	}
	return t
}

// TestMermaidLimitsAreMermaids: at 500 edges Mermaid itself draws the
// diagram and MermaidLimits lets it through; at 501 Mermaid throws "Edge
// limit exceeded" and MermaidLimits says so first.
func TestMermaidLimitsAreMermaids(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, n := range []int{MermaidMaxEdges, MermaidMaxEdges + 1} {
		topo := chain(n, "w")
		var b strings.Builder
		if err := WriteGraph(&b, topo, "mermaid", GraphOptions{}); err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(dir, strconv.Itoa(n)+".md"))
		if err := os.WriteFile(files[len(files)-1], []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		over := MermaidLimits(topo, GraphOptions{})
		if (n > MermaidMaxEdges) != (len(over) == 1 && strings.Contains(over[0], strconv.Itoa(n)+" edges")) || len(over) > 1 {
			t.Errorf("%d edges: MermaidLimits says %q", n, over)
		}
	}
	// check.mjs reads the files in turn and stops at the first it rejects.
	out, err := mermaidParse(t, files...)
	if err == nil || !strings.Contains(out, "500.md: flowchart") || !strings.Contains(out, "501.md: Edge limit exceeded") {
		t.Errorf("Mermaid takes 500 edges and refuses 501? %v\n%s", err, out)
	}
}

// TestMermaidTextSizeCountsWhatJavaScriptCounts: the limit is on the
// diagram without its fence, in UTF-16 code units, so a label of
// characters outside the BMP counts twice.
func TestMermaidTextSizeCountsWhatJavaScriptCounts(t *testing.T) {
	topo := chain(100, strings.Repeat("😀", 120))
	var bare strings.Builder
	if err := WriteGraph(&bare, topo, "mermaid", GraphOptions{Bare: true}); err != nil {
		t.Fatal(err)
	}
	units := len([]rune(bare.String())) + strings.Count(bare.String(), "😀")
	if len([]rune(bare.String())) > MermaidMaxTextSize || units <= MermaidMaxTextSize {
		t.Fatalf("the case needs a diagram of at most %d runes and over as many UTF-16 units: %d runes, %d units",
			MermaidMaxTextSize, len([]rune(bare.String())), units)
	}
	over := MermaidLimits(topo, GraphOptions{})
	if len(over) != 1 || !strings.Contains(over[0], strconv.Itoa(units)+" characters") {
		t.Errorf("MermaidLimits says %q, want the text size of %d", over, units)
	}
	if over := MermaidLimits(topo, GraphOptions{Filter: Filter{Namespaces: []string{"elsewhere"}}}); over != nil {
		t.Errorf("the limits are of the filtered diagram: %q", over)
	}
}

// mermaidParse runs testdata/mermaid/check.mjs on files: Mermaid's own
// parser, as GitHub runs it.
func mermaidParse(t *testing.T, files ...string) (string, error) {
	t.Helper()
	dir := mermaidTools(t, filepath.Join("testdata", "mermaid"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "node", append([]string{filepath.Join(dir, "check.mjs")}, files...)...).CombinedOutput()
	return string(out), err
}
