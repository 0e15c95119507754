package manifest

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// outline renders a result one line per item: "obj FILE:LINE Kind/ns/name",
// "skip FILE:LINE: reason", then "err FILE:LINE: message".
func outline(r *Result) []string {
	var out []string
	for _, o := range r.Objects {
		out = append(out, fmt.Sprintf("obj %s:%d %s", o.File, o.Line, o.Ref()))
	}
	for _, s := range r.Skipped {
		out = append(out, fmt.Sprintf("skip %s:%d: %s", s.File, s.Line, s.Reason))
	}
	for _, e := range r.Errors {
		out = append(out, "err "+e.Error())
	}
	return out
}

// match compares an outline with what a test wants: objects exactly, skips
// and errors by prefix (so that a test pins file, line and the start of the
// message).
func match(t *testing.T, got, want []string) {
	t.Helper()
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		if strings.HasPrefix(want[i], "obj ") {
			ok = got[i] == want[i]
		} else {
			ok = strings.HasPrefix(got[i], want[i])
		}
	}
	if !ok {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestLoadFixtures(t *testing.T) {
	const d = "testdata/load/"
	tests := []struct {
		name string
		file string
		opts Options
		want []string
	}{
		{"comments, empty documents and markers split documents; an indented --- is text",
			"multi.yaml", Options{}, []string{
				"obj " + d + "multi.yaml:3 ConfigMap/first",
				"obj " + d + "multi.yaml:17 Service/shop/second",
				"obj " + d + "multi.yaml:22 Secret/shop/",
			}},
		{"a syntax error costs only its own document",
			"syntax.yaml", Options{}, []string{
				"obj " + d + "syntax.yaml:1 Pod/before",
				"obj " + d + "syntax.yaml:12 Pod/after",
				"err " + d + "syntax.yaml:10: invalid YAML: mapping values are not allowed",
			}},
		{"an unclosed flow mapping is reported where it opens, not at the next marker",
			"unclosed.yaml", Options{}, []string{
				"obj " + d + "unclosed.yaml:5 Pod/after",
				"err " + d + "unclosed.yaml:3: invalid YAML: did not find expected ',' or '}'",
			}},
		{"an error the parser finds by reading ahead keeps the document before it",
			"lookahead.yaml", Options{}, []string{
				"obj " + d + "lookahead.yaml:1 Pod/before",
				"err " + d + "lookahead.yaml:6: invalid YAML: found unexpected end of stream",
			}},
		{"documents that are not Kubernetes objects are skipped with a reason",
			"notk8s.yaml", Options{}, []string{
				"skip " + d + "notk8s.yaml:2: missing apiVersion and kind",
				"skip " + d + "notk8s.yaml:4: document is a sequence",
				"skip " + d + "notk8s.yaml:6: document is a scalar",
				"skip " + d + "notk8s.yaml:8: missing apiVersion:",
				"skip " + d + "notk8s.yaml:10: missing kind:",
				"skip " + d + "notk8s.yaml:12: kind is not a string",
			}},
		{"Lists expand into their items, each at its own line; typed lists lend their kind",
			"list.yaml", Options{}, []string{
				"obj " + d + "list.yaml:4 Service/shop/s1",
				"obj " + d + "list.yaml:7 Deployment/d1",
				"obj " + d + "list.yaml:17 Pod/p1",
				"obj " + d + "list.yaml:22 AllowList/not-a-list",
				"skip " + d + "list.yaml:11: List item is a scalar",
				"skip " + d + "list.yaml:19: List without items",
			}},
		{"tab-indented JSON with surrogate escapes loads with lines",
			"pod.json", Options{}, []string{"obj " + d + "pod.json:2 Pod/smile-\U0001F600"}},
		{"a stream of JSON objects loads each",
			"stream.json", Options{}, []string{"obj " + d + "stream.json:1 Pod/a", "obj " + d + "stream.json:2 Pod/b"}},
		{"a top-level JSON array is an error",
			"array.json", Options{}, []string{"err " + d + "array.json:1: top-level JSON array"}},
		{"a JSON syntax error has its line",
			"broken.json", Options{}, []string{"err " + d + "broken.json:4: invalid JSON: invalid character '}'"}},
		{"CRLF line endings count as one line each",
			"crlf.yaml", Options{}, []string{
				"obj " + d + "crlf.yaml:1 Pod/crlf",
				"obj " + d + "crlf.yaml:11 Pod/after",
				"err " + d + "crlf.yaml:9: invalid YAML: did not find expected node content",
			}},
		{"a UTF-8 byte order mark is dropped",
			"bom.yaml", Options{}, []string{"obj " + d + "bom.yaml:1 Pod/bom"}},
		{"a binary file is an error at its first NUL byte",
			"binary.yaml", Options{}, []string{"err " + d + "binary.yaml:3: binary file"}},
		{"UTF-16 is an error that says so",
			"utf16.yaml", Options{}, []string{"err " + d + "utf16.yaml:1: UTF-16 text is not supported"}},
		{"invalid UTF-8 is an error at its line; the other documents load",
			"invalid-utf8.yaml", Options{}, []string{
				"obj " + d + "invalid-utf8.yaml:1 Pod/a",
				"obj " + d + "invalid-utf8.yaml:10 Pod/c",
				"err " + d + "invalid-utf8.yaml:8: invalid UTF-8 (byte 0xe9)",
			}},
		{"a control character is an error at its line",
			"control.yaml", Options{}, []string{
				"obj " + d + "control.yaml:6 Pod/b",
				"err " + d + "control.yaml:4: control character 0x07",
			}},
		{"an alias bomb is an error at the alias that blows the budget",
			"bomb.yaml", Options{}, []string{
				"obj " + d + "bomb.yaml:15 Pod/after-bomb",
				"err " + d + "bomb.yaml:9: document expands beyond",
			}},
		{"merge keys work; cycles, cross-document and unknown aliases are errors",
			"anchors.yaml", Options{}, []string{
				"obj " + d + "anchors.yaml:1 Pod/merged",
				"err " + d + "anchors.yaml:18: anchor 's' value contains itself",
				"err " + d + "anchors.yaml:24: invalid YAML: unknown anchor 'labels'",
				"err " + d + "anchors.yaml:30: invalid YAML: unknown anchor 'nope'",
			}},
		{"directives start their own documents",
			"directive.yaml", Options{}, []string{
				"obj " + d + "directive.yaml:3 Pod/one",
				"obj " + d + "directive.yaml:10 Pod/two",
			}},
		{"a document over the size limit is an error at its first line, and ends the file",
			"multi.yaml", Options{MaxDocumentSize: 100}, []string{"err " + d + "multi.yaml:1: document too large (more than 100 bytes"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, err := os.ReadFile(d + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			match(t, outline(LoadBytes(d+tc.file, data, tc.opts)), tc.want)
			match(t, outline(Load([]string{d + tc.file}, tc.opts)), tc.want)
		})
	}
}

func TestLoadInline(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"an empty file yields nothing", "", nil},
		{"comments and empty documents yield nothing", "# c\n---\n---\n...\n", nil},
		{"a missing metadata.name still loads", "apiVersion: v1\nkind: Namespace\n", []string{"obj x.yaml:1 Namespace/"}},
		{"nesting deeper than yaml.v3's limit is an error",
			"a: " + strings.Repeat("[", 20000) + "\n", []string{"err x.yaml:1: invalid YAML: exceeded max depth"}},
		{"JSON nesting deeper than the limit is an error",
			strings.Repeat("[", 20000), []string{"err x.json:1: invalid JSON: nested too deeply"}},
		{"input that looks like JSON but is not is read as YAML",
			"{apiVersion: v1, kind: Pod}\n", []string{"obj x.yaml:1 Pod/"}},
		{"YAML 1.2 directives are refused by yaml.v3, with a line",
			"%YAML 1.2\n---\napiVersion: v1\nkind: Pod\n", []string{"err x.yaml:1: invalid YAML: found incompatible YAML document"}},
		{"a key written twice in one mapping is an error at the second (kubectl and the API server refuse it)",
			"apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n",
			[]string{"err x.yaml:5: key \"name\" is defined twice in this mapping (first at line 4): kubectl and the API server refuse it", "obj x.yaml:7 Pod/c"}},
		{"a key a merge brought in may be written once over it, not twice",
			"base: &b {name: m}\nmetadata:\n  <<: *b\n  name: own\napiVersion: v1\nkind: Pod\n---\nb: &c {x: 1}\nm:\n  <<: *c\n  x: 2\n  x: 3\n",
			[]string{"obj x.yaml:1 Pod/own", "err x.yaml:12: key \"x\" is defined twice in this mapping (first at line 11): kubectl and the API server refuse it"}},
		{"a lone CR ends a line as it does for yaml.v3",
			"apiVersion: v1\rkind: Pod\r---\rapiVersion: v1\rkind: Pod\rx: [\r",
			[]string{"err x.yaml:6: invalid YAML: did not find expected node content", "obj x.yaml:1 Pod/"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "x.yaml"
			if strings.Contains(strings.Join(tc.want, ""), "x.json") {
				name = "x.json"
			}
			got := outline(LoadBytes(name, []byte(tc.data), Options{}))
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			match(t, got, want)
		})
	}
}
