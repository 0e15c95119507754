package manifest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/meshlint/meshlint/internal/srcline"
)

// TestReleaseKeepsOnlyWhatALintReads: once its metadata is released, an
// object (and its earlier definitions) keeps its names, its first line,
// meshlint's own annotations and, until ReleasePositions, the positions
// of its fields (the model reads them until it is built); its labels and
// other annotations are gone, then its positions, and reading them is
// reported (ReadAfterRelease), as the lint's release test relies on.
func TestReleaseKeepsOnlyWhatALintReads(t *testing.T) {
	doc := `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
  annotations:
    meshlint.io/ignore: ML201
    other: x
spec:
  ports:
  - port: 80
`
	text := doc + "---\n" + doc
	path := filepath.Join(t.TempDir(), "svc.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r := Load([]string{path}, Options{})
	r.RemoveDuplicates()
	if len(r.Errors) > 0 || len(r.Objects) != 1 || len(r.Objects[0].Earlier) != 1 {
		t.Fatalf("loaded %d objects, errors %v", len(r.Objects), r.Errors)
	}
	o := r.Objects[0]
	port, first := srcline.In(t, path, text, "- port: 80", -1), srcline.In(t, path, text, "^apiVersion", -1)
	var reads []string
	ReadAfterRelease = func(o *Object) { reads = append(reads, o.Ref().String()) }
	defer func() { ReadAfterRelease = nil }()
	o.ReleaseMetadata()
	if o.Name != "web" || o.Line != first || o.Annotation("meshlint.io/ignore") != "ML201" ||
		o.FieldLine("spec", "ports", "0") != port || len(reads) > 0 {
		t.Fatalf("kept: name %q, line %d, ignore %q, port at %d; reads %v",
			o.Name, o.Line, o.Annotation("meshlint.io/ignore"), o.FieldLine("spec", "ports", "0"), reads)
	}
	o.ReleasePositions()
	for name, read := range map[string]func(){
		"a field's line":     func() { o.FieldLine("spec", "ports", "0") },
		"a text line":        func() { o.TextLine([]string{"metadata", "name"}, 1) },
		"the labels":         func() { o.Labels() },
		"another annotation": func() { o.Annotation("other") },
		"the earlier one's":  func() { o.Earlier[0].FieldLine("spec") },
		"the earlier body":   func() { o.Earlier[0].Decoded() },
	} {
		reads = nil
		read()
		if len(reads) != 1 {
			t.Errorf("reading %s after the release: %d reads reported", name, len(reads))
		}
	}
	if got := o.FieldLine("spec", "ports", "0"); got != o.Line {
		t.Errorf("a field's line after the release is %d, not the object's", got)
	}
}
