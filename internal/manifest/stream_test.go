package manifest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The stream cuts a file into the documents splitDocs cuts from it in
// memory, with the same lines and text, whatever the block size.
func TestStreamCutsAsSplitDocs(t *testing.T) {
	files, _ := filepath.Glob("testdata/load/*")
	texts := map[string][]byte{
		"cr":        []byte("apiVersion: v1\rkind: Pod\r---\rapiVersion: v1\rkind: Svc\r"),
		"unicode":   []byte("apiVersion: v1\u2028kind: Pod\u0085x: [\n---\na: 1"),
		"directive": []byte("%YAML 1.1\n---\na: 1\n...\n%YAML 1.1\n---\nb: 2\n"),
		"no break":  []byte("a: 1\n---\nb: 2"),
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !LooksJSON(data) && !bytes.HasPrefix(data, bom) && bytes.IndexByte(data, 0) < 0 {
			texts[f] = data
		}
	}
	defer func(n int) { blockSize = n }(blockSize)
	for _, size := range []int{1 << 20, 16, 1} {
		blockSize = size
		for name, data := range texts {
			want := chunkTexts(data, splitDocs(data), func(c chunk) []byte { return data[c.start:c.end] })
			ps, err := newDocStream(name, bufio.NewReaderSize(bytes.NewReader(data), 16), 1<<20).run()
			if err != nil {
				want = append(want, err.Error())
			}
			var got []string
			for _, p := range ps {
				got = append(got, chunkTexts(nil, []chunk{p.chunk}, func(chunk) []byte { return p.text() })...)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s, blocks of %d: got\n%q\nwant\n%q", name, size, got, want)
			}
		}
	}
}

func chunkTexts(_ []byte, cs []chunk, text func(chunk) []byte) []string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("line %d breaks %d lead %c: %q", c.line, c.breaks, c.lead, text(c)))
	}
	return out
}

// Documents before one over the limit load; the error names its first
// line; the file is not read further.
func TestDocumentOverTheLimit(t *testing.T) {
	small := "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"
	big := "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  x: |\n" + strings.Repeat("    filler line\n", 100)
	data := small + big + "---\n" + small
	match(t, outline(LoadBytes("f.yaml", []byte(data), Options{MaxDocumentSize: 1000})), []string{
		"obj f.yaml:1 ConfigMap/a",
		"err f.yaml:4: document too large (more than 1000 bytes; --max-document-size raises the limit)",
	})
	match(t, outline(LoadBytes("f.yaml", []byte(data), Options{MaxDocumentSize: 4000})), []string{
		"obj f.yaml:1 ConfigMap/a", "obj f.yaml:5 ConfigMap/big", "obj f.yaml:111 ConfigMap/a",
	})
}

// A huge document is refused in bounded memory: its text is never held
// whole.
func TestHugeDocumentInBoundedMemory(t *testing.T) {
	old := Stdin
	Stdin = &endlessDoc{}
	t.Cleanup(func() { Stdin = old })
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	match(t, outline(Load([]string{"-"}, Options{})), []string{"err -:1: document too large (more than 8388608 bytes"})
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("refusing the document allocated %d MiB", grew>>20)
	}
}

// endlessDoc is a mapping that never ends.
type endlessDoc struct{ n int }

func (e *endlessDoc) Read(p []byte) (int, error) {
	line := []byte("key: value\n")
	for i := range p {
		p[i] = line[(e.n+i)%len(line)]
	}
	e.n += len(p)
	return len(p), nil
}

// A byte order mark before JSON still makes a JSON file (a surrogate
// pair escape, which yaml.v3 refuses, proves it is read as JSON).
func TestBOMBeforeJSON(t *testing.T) {
	data := "\xEF\xBB\xBF{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p\", \"annotations\": {\"a\": \"\\ud83d\\ude00\"}}}\n"
	match(t, outline(LoadBytes("p.json", []byte(data), Options{})), []string{"obj p.json:1 Pod/p"})
}
