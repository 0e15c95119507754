package manifest

import (
	"maps"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/meshlint/meshlint/internal/srcline"
)

// loadFile loads a fixture and fails the test on any error.
func loadFile(t *testing.T, name string) []*Object {
	t.Helper()
	r := Load([]string{"testdata/load/" + name}, Options{})
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %v", r.Errors)
	}
	return r.Objects
}

func TestFieldLine(t *testing.T) {
	objs := loadFile(t, "fields.yaml")
	cm, dep := objs[0], objs[1]
	tests := []struct {
		name string
		obj  *Object
		path []string
		want int
	}{
		{"no path is the object's line", dep, nil, 47},
		{"a key is at its own line", cm, []string{"metadata", "labels", "app"}, 8},
		{"a map's line is its key's, not its first child's", dep, []string{"spec", "template"}, 52},
		{"list indexes walk into items", dep, []string{"spec", "template", "spec", "containers", "0", "ports", "1", "containerPort"}, 59},
		{"a list item is at its dash", dep, []string{"spec", "template", "spec", "containers", "0", "ports", "1"}, 58},
		{"a missing index falls back to the list", dep, []string{"spec", "template", "spec", "containers", "5", "image"}, 54},
		{"a missing key falls back to its parent", dep, []string{"spec", "template", "nope"}, 52},
		{"an index into a map falls back to the map", dep, []string{"metadata", "0"}, 49},
		{"an unknown top-level key falls back to the object", dep, []string{"nope"}, 47},
		{"own keys win over merged ones", dep, []string{"spec", "merged", "paused"}, 65},
		{"merged keys are found through the alias", dep, []string{"spec", "merged", "replicas"}, 61},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.obj.FieldLine(tc.path...); got != tc.want {
				t.Errorf("FieldLine(%q) = %d, want %d", tc.path, got, tc.want)
			}
		})
	}
}

func TestTextLine(t *testing.T) {
	cm := loadFile(t, "fields.yaml")[0]
	tests := []struct {
		name string
		key  string
		want []int // file lines of text lines 1, 2, ...
	}{
		{"literal: each text line is a source line after the indicator", "nginx.conf", []int{14, 15, 16}},
		{"literal strip: a leading blank line counts", "strip.conf", []int{18, 19, 20}},
		{"literal with an indentation indicator", "indented.conf", []int{22, 23}},
		{"literal keep: trailing blank lines count", "keep.conf", []int{25, 26}},
		{"folded: joined lines map to the first, blank and more-indented lines keep breaks", "folded.txt", []int{28, 31, 32, 33}},
		{"double-quoted: a \\n escape stays on its line, a blank line makes a newline", "double", []int{34, 34, 37}},
		{"single-quoted: a blank line makes a newline", "single", []int{38, 40}},
		{"plain: a blank line makes a newline", "plain", []int{41, 44}},
		{"escapes on one line all map to it", "json.conf", []int{45, 45, 45}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := []string{"data", tc.key}
			for i, want := range tc.want {
				if got := cm.TextLine(path, i+1); got != want {
					t.Errorf("TextLine(%s, %d) = %d, want %d", tc.key, i+1, got, want)
				}
			}
			last := tc.want[len(tc.want)-1]
			if got := cm.TextLine(path, len(tc.want)+5); got != last {
				t.Errorf("past the end: TextLine = %d, want the last line %d", got, last)
			}
		})
	}
	if got := cm.TextLine([]string{"data", "missing"}, 2); got != 12 {
		t.Errorf("a missing field falls back to FieldLine: got %d, want 12", got)
	}
}

func TestJSONLines(t *testing.T) {
	pod := loadFile(t, "pod.json")[0]
	if got := pod.FieldLine("spec", "containers", "0", "image"); got != 10 {
		t.Errorf("image line = %d, want 10", got)
	}
	if got := pod.FieldLine("metadata", "labels", "app"); got != 6 {
		t.Errorf("label line = %d, want 6", got)
	}
	// A string of two lines keeps its column (TextLine starts there); one
	// of a line needs none (simpleScalar).
	text, err := os.ReadFile("testdata/load/pod.json")
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Split(string(text), "\n")[srcline.In(t, "pod.json", string(text), `"note"`, 0)-1]
	col := utf8.RuneCountInString(line[:strings.Index(line, `"a\nb"`)]) + 1
	if n, _, ok := pod.find([]string{"metadata", "annotations", "note"}); !ok || n.col != int32(col) || n.lines != 2 {
		t.Errorf("note node = %+v, want column %d and 2 lines", n, col)
	}
	if got := pod.Body["spec"].(map[string]any)["containers"].([]any)[0].(map[string]any)["ports"].([]any)[0].(map[string]any)["containerPort"]; got != int64(80) {
		t.Errorf("containerPort = %#v, want int64(80)", got)
	}
}

func TestLabelsAndAnnotations(t *testing.T) {
	cm := loadFile(t, "fields.yaml")[0]
	if got, want := cm.Labels(), map[string]string{"app": "web"}; !maps.Equal(got, want) {
		t.Errorf("labels = %v, want %v (non-string values left out)", got, want)
	}
	if got, want := cm.Annotations(), map[string]string{"note": "hi"}; !maps.Equal(got, want) {
		t.Errorf("annotations = %v, want %v", got, want)
	}
	dep := loadFile(t, "fields.yaml")[1]
	if dep.Labels() != nil || dep.Annotations() != nil {
		t.Errorf("an object without labels has nil maps")
	}
}

func TestBodyValues(t *testing.T) {
	src := `apiVersion: v1
kind: Pod
int: 0x10
big: 18446744073709551615
float: 1.5e3
bool: true
yes: yes
null: ~
time: 2024-01-02
quoted: "12"
1: int key
true: bool key
`
	o := LoadBytes("x.yaml", []byte(src), Options{}).Objects[0]
	want := map[string]any{"int": int64(16), "big": float64(1<<64 - 1), "float": 1500.0, "bool": true,
		"yes": "yes", "null": nil, "time": "2024-01-02", "quoted": "12", "1": "int key", "true": "bool key"}
	for k, v := range want {
		if got := o.Body[k]; got != v {
			t.Errorf("%s = %#v, want %#v", k, got, v)
		}
	}
}

func TestBlockScalarAtEndOfFile(t *testing.T) {
	data, err := os.ReadFile("testdata/load/nonewline.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Two files in one run are decoded in one stream: the missing final
	// newline must not become part of the literal.
	dir := t.TempDir()
	for _, n := range []string{"a.yaml", "b.yaml"} {
		if err := os.WriteFile(dir+"/"+n, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The two files define one object: the loader keeps the last
	// definition and records the first in Earlier (RemoveDuplicates).
	r := Load([]string{dir}, Options{})
	if len(r.Objects) != 1 || len(r.Objects[0].Earlier) != 1 {
		t.Fatalf("got %d objects, want 1 with 1 earlier definition", len(r.Objects))
	}
	for _, o := range append(r.Objects, r.Objects[0].Earlier...) {
		if got := o.Body["data"].(map[string]any)["conf"]; got != "no final newline" {
			t.Errorf("%s: conf = %q", o.File, got)
		}
	}
}

func TestTextLineWithCRLF(t *testing.T) {
	src := "apiVersion: v1\r\nkind: ConfigMap\r\ndata:\r\n  nginx.conf: |\r\n    a\r\n\r\n    b\r\n  q: \"x\r\n\r\n    y\"\r\n"
	o := LoadBytes("x.yaml", []byte(src), Options{}).Objects[0]
	data := o.Body["data"].(map[string]any)
	if got := data["nginx.conf"]; got != "a\n\nb\n" {
		t.Errorf("nginx.conf = %q: CRLF must read as LF", got)
	}
	for _, tc := range []struct {
		key         string
		inner, want int
	}{{"nginx.conf", 1, 5}, {"nginx.conf", 2, 6}, {"nginx.conf", 3, 7}, {"q", 1, 8}, {"q", 2, 10}} {
		if got := o.TextLine([]string{"data", tc.key}, tc.inner); got != tc.want {
			t.Errorf("TextLine(%s, %d) = %d, want %d", tc.key, tc.inner, got, tc.want)
		}
	}
}
