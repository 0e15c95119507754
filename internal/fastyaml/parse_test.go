package fastyaml_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/corpus"
	"github.com/meshlint/meshlint/internal/fastyaml"
)

// same compares the trees as yaml.v3 builds them, comments aside.
func same(a, b *yaml.Node, path string) error {
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value ||
		a.Anchor != b.Anchor || a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) {
		return fmt.Errorf("%s: fast {kind %d style %d tag %s value %q line %d col %d len %d}, yaml.v3 {kind %d style %d tag %s value %q line %d col %d len %d}",
			path, a.Kind, a.Style, a.Tag, a.Value, a.Line, a.Column, len(a.Content),
			b.Kind, b.Style, b.Tag, b.Value, b.Line, b.Column, len(b.Content))
	}
	for i := range a.Content {
		if err := same(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// shared parses every document of the tests: its memory is reused from
// one document to the next, as the loader reuses it.
var shared fastyaml.Parser

// inText parses with ParseShared, as the loader does.
var inText fastyaml.Parser

// check holds Parse to yaml.v3 on one document: when Parse accepts it,
// yaml.v3 must too, with the same tree; ParseShared builds the same.
func check(t *testing.T, name string, doc []byte) bool {
	t.Helper()
	fast, ok := shared.Parse(doc)
	if !ok {
		if _, ok := inText.ParseShared(bytes.Clone(doc)); ok {
			t.Errorf("%s: ParseShared accepted what Parse refuses:\n%s", name, doc)
		}
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(doc, &want); err != nil {
		t.Errorf("%s: accepted what yaml.v3 refuses (%v):\n%s", name, err, doc)
		return true
	}
	if err := same(fast, &want, "doc"); err != nil {
		t.Errorf("%s: %v\n%s", name, err, doc)
	}
	viaText, ok := inText.ParseShared(bytes.Clone(doc))
	if !ok {
		t.Errorf("%s: ParseShared refused what Parse accepts:\n%s", name, doc)
	} else if err := same(viaText, &want, "doc"); err != nil {
		t.Errorf("%s: ParseShared: %v\n%s", name, err, doc)
	}
	return true
}

// TestParseSharedCutsStringsFromTheText: the tree's strings are the
// text's own bytes (no copy), and Parse's are not.
func TestParseSharedCutsStringsFromTheText(t *testing.T) {
	text := []byte("metadata:\n  name: web\n")
	within := func(s string) bool {
		p, lo := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(&text[0]))
		return p >= lo && p < lo+uintptr(len(text))
	}
	var p fastyaml.Parser
	doc, ok := p.ParseShared(text)
	if !ok {
		t.Fatal("refused")
	}
	if name := doc.Content[0].Content[1].Content[1].Value; name != "web" || !within(name) {
		t.Errorf("ParseShared: name %q, in the text: %v", name, within(name))
	}
	doc, _ = p.Parse(text)
	if name := doc.Content[0].Content[1].Content[1].Value; name != "web" || within(name) {
		t.Errorf("Parse: name %q, in the text: %v (a copy expected)", name, within(name))
	}
}

// documents cuts a file at its column-0 "---" lines, keeping each
// document's lines where they were (earlier lines left empty).
func documents(b []byte) [][]byte {
	var out [][]byte
	lines := bytes.SplitAfter(b, []byte("\n"))
	start := 0
	for i := 0; i <= len(lines); i++ {
		if i < len(lines) && !bytes.HasPrefix(lines[i], []byte("---")) || i == start {
			continue
		}
		doc := bytes.Repeat([]byte("\n"), start)
		out = append(out, append(doc, bytes.Join(lines[start:i], nil)...))
		start = i
	}
	return out
}

// TestParseAgreesWithYAMLv3 runs every YAML file of the repository (the
// manifests, examples, rule fixtures, chart values) and the benchmark
// corpus through both parsers.
func TestParseAgreesWithYAMLv3(t *testing.T) {
	var files [][2]string
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			return err
		}
		b, err := os.ReadFile(path)
		files = append(files, [2]string{path, string(b)})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range corpus.Files(200) {
		files = append(files, [2]string{name, content})
	}
	accepted, total := 0, 0
	for _, f := range files {
		for _, doc := range documents([]byte(f[1])) {
			total++
			if check(t, f[0], doc) {
				accepted++
			}
		}
	}
	t.Logf("%d of %d documents parsed here, the rest left to yaml.v3", accepted, total)
	if accepted < total/2 {
		t.Errorf("only %d of %d documents in the subset", accepted, total)
	}
}
