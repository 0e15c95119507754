package nginx

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that every position it
// reports points where it says: args start with their raw text, "{" and
// ";"/"}" sit at BlockStart and End, and raw Lua bodies are the text
// between them. The helpers that read the tree must not panic either.
func FuzzParse(f *testing.F) {
	for _, c := range syntaxCases {
		f.Add([]byte(wrap(c, "", "")))
	}
	if b, err := os.ReadFile("testdata/blog.conf"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("a \"\\\n\" '${x}' \\; {} b\x00\xff;"))
	f.Fuzz(func(t *testing.T, text []byte) {
		c, err := Parse("fuzz.conf", text)
		lines := lineStarts(text)
		if err != nil {
			e := err.(*Error)
			if offset(lines, text, e.Pos()) < 0 {
				t.Fatalf("error position %v outside the text: %v", e.Pos(), e)
			}
			return
		}
		c.Walk(func(d *Directive) bool {
			checkPositions(t, text, lines, d)
			return true
		})
		c.ResolveIncludes(func(string) ([]byte, bool) { return text, true }, "a.conf", "b")
		c.Proxies()
	})
}

func checkPositions(t *testing.T, text []byte, lines []int, d *Directive) {
	at := func(p Pos) int {
		o := offset(lines, text, p)
		if o < 0 || o >= len(text) {
			t.Fatalf("%s: position %v outside the text", d.Name, p)
		}
		return o
	}
	for i, w := range d.Words {
		if !bytes.HasPrefix(text[at(w.At):], []byte(w.Raw)) {
			t.Fatalf("%s: arg %d at %v is not %q", d.Name, i, w.At, w.Raw)
		}
	}
	end := at(d.End)
	if !d.IsBlock() {
		if text[end] != ';' {
			t.Fatalf("%s: End %v is %q", d.Name, d.End, text[end])
		}
		return
	}
	start := at(d.BlockStart)
	if text[start] != '{' || text[end] != '}' {
		t.Fatalf("%s: block %v..%v is %q..%q", d.Name, d.BlockStart, d.End, text[start], text[end])
	}
	if d.IsRawBlock() && d.RawBody != string(text[start+1:end]) {
		t.Fatalf("%s: raw body %q is not the text between its braces", d.Name, d.RawBody)
	}
}

// lineStarts returns the offset of each line's first byte.
func lineStarts(text []byte) []int {
	starts := []int{0}
	for i, b := range text {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// offset turns a position into a byte offset; len(text) is the end of the
// text, -1 a position that is not in it.
func offset(lines []int, text []byte, at Pos) int {
	p := struct{ Line, Col int }{int(at.Line), int(at.Col)}
	if p.Line < 1 || p.Line > len(lines) || p.Col < 1 {
		return -1
	}
	o := lines[p.Line-1] + p.Col - 1
	lineEnd := len(text)
	if p.Line < len(lines) {
		lineEnd = lines[p.Line] - 1
	}
	if o > lineEnd {
		return -1
	}
	return o
}

func TestFuzzHelpersOnKnownText(t *testing.T) {
	text := []byte("a {\n  b \"c\";\n}\n")
	lines := lineStarts(text)
	c := mustParse(t, string(text))
	c.Walk(func(d *Directive) bool {
		checkPositions(t, text, lines, d)
		return true
	})
	if o := offset(lines, text, Pos{2, 5}); !strings.HasPrefix(string(text[o:]), `"c"`) {
		t.Errorf("offset %d", o)
	}
}
