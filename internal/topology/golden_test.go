package topology

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// goldenCases are the base manifests and the field report's earlier
// states; paths are relative to the repository root, as the CLI tests run
// the binary there and compare with the same files.
var goldenCases = []struct {
	name, path, config string
}{
	{"blog-system", "manifests/blog-system", "manifests/blog-system/.meshlint.yaml"},
	{"before-initial", "testdata/field-report/before/initial.yaml", ""},
	{"before-strict", "testdata/field-report/before/strict.yaml", ""},
	{"before-host", "testdata/field-report/before/host.yaml", ""},
	// The field report's Ingress replaced by an Envoy Gateway Gateway +
	// HTTPRoute: the Gateway is the source node, the route the via.
	{"gateway-envoy-gateway", "testdata/rules/ML101/gateway-envoy-gateway-strict.yaml", ""},
}

// goldenFormats name each output's golden file suffix. The Mermaid golden
// is Markdown (the fenced diagram), so GitHub draws it when browsing
// testdata.
var goldenFormats = []struct {
	format, suffix string
	graph          bool
}{
	{"text", ".report.txt", false},
	{"markdown", ".report.md", false},
	{"json", ".report.json", false},
	{"mermaid", ".mermaid.md", true},
	{"dot", ".dot", true},
}

func TestGoldenReportsAndGraphs(t *testing.T) {
	testdata, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../..")
	var dots, mermaids []string
	for _, c := range goldenCases {
		topo := Build(modelAt(t, c.path, c.config))
		for _, f := range goldenFormats {
			var buf bytes.Buffer
			err := WriteReport(&buf, topo, f.format)
			if f.graph {
				err = WriteGraph(&buf, topo, f.format, GraphOptions{})
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(testdata, c.name+f.suffix)
			golden(t, path, buf.Bytes())
			switch f.format {
			case "dot":
				dots = append(dots, path)
			case "mermaid":
				mermaids = append(mermaids, path)
			}
		}
	}
	checkDOT(t, dots...)
	checkMermaid(t, filepath.Join(testdata, "mermaid"), mermaids...)
}

// modelAt loads path (relative to the current directory) with the config
// file cfg, or the defaults when cfg is "".
func modelAt(t *testing.T, path, cfgPath string) *mesh.Model {
	t.Helper()
	cfg := config.Default()
	if cfgPath != "" {
		var err error
		if cfg, err = config.Load(cfgPath); err != nil {
			t.Fatal(err)
		}
	}
	loaded := manifest.Load([]string{path}, manifest.Options{})
	if len(loaded.Errors) > 0 {
		t.Fatalf("load %s: %v", path, loaded.Errors)
	}
	return mesh.Build(loaded.Objects, validate.Settings(cfg))
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", filepath.Base(path), got, want)
	}
}
