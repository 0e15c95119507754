package manifest

import (
	"os"
	"path/filepath"
	"testing"
)

// In a directory walk, a file that is not a manifest by its content is
// one notice, not errors; a manifest that does not parse stays an error;
// the same file named on its own stays an error.
func TestWalkSkipsWhatIsNotAManifest(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"tsconfig.json":       "{\n  // comments are not JSON\n  \"compilerOptions\": {\"strict\": true}\n}\n",
		"events.json":         "{\"id\": 1, \"msg\": \"a\"}\n{\"id\": 2, \"msg\": \"b\"}\n",
		"compose.yaml":        "services:\n  web:\n    image: nginx\n",
		"values.yaml":         "replicaCount: 2\n---\nimage: {tag: x}\n",
		"workflow.yml":        "on: [push]\njobs:\n  t: {runs-on: x, steps: [{run: \"a: b: c\"}]}\n",
		"typo.yaml":           "apiVersion: v1\nKind: Pod\nmetadata: {name: t}\n",
		"broken.yaml":         "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [x\n",
		"broken.json":         "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", }\n",
		"mixed.yaml":          "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\n---\nfoo: bar\n",
		"badlist.yaml":        "apiVersion: v1\nkind: List\nitems: 3\n",
		"sub/empty.yaml":      "# nothing\n",
		"sub/nonstring.yaml":  "apiVersion: 1\nkind: [Pod]\n",
		"sub/second-doc.yaml": "a: 1\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: [\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := dir + "/"
	skipped := ": not a Kubernetes manifest, skipped: no document has apiVersion and kind"
	match(t, outline(Load([]string{dir}, Options{})), []string{
		"obj " + d + "mixed.yaml:1 Pod/m",
		"skip " + d + "badlist.yaml:1: List without items",
		"skip " + d + "compose.yaml:0" + skipped + " (line 1: missing apiVersion and kind",
		"skip " + d + "events.json:0" + skipped + " (line 1: missing apiVersion and kind",
		"skip " + d + "mixed.yaml:5: missing apiVersion and kind",
		"skip " + d + "sub/nonstring.yaml:1: apiVersion is not a string",
		"skip " + d + "sub/second-doc.yaml:1: missing apiVersion and kind",
		"skip " + d + "tsconfig.json:0" + skipped + " (line 2: invalid JSON",
		"skip " + d + "typo.yaml:0" + skipped + " (line 1: missing kind: not a Kubernetes object (keys are case-sensitive: \"Kind\" is not \"kind\"))",
		"skip " + d + "values.yaml:0" + skipped + " (line 1: missing apiVersion and kind",
		"skip " + d + "workflow.yml:0" + skipped,
		"err " + d + "broken.json:1: invalid JSON",
		"err " + d + "broken.yaml:4: invalid YAML",
		"err " + d + "sub/second-doc.yaml:5: invalid YAML",
	})
	match(t, outline(Load([]string{d + "tsconfig.json", d + "compose.yaml"}, Options{})), []string{
		"skip " + d + "compose.yaml:1: missing apiVersion and kind",
		"err " + d + "tsconfig.json:2: invalid JSON",
	})
}
