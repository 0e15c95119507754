package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoadBytes checks that no input panics the loader, that every error
// names the file, that every line it reports is in the input, that
// decoding documents in one stream (across two files) gives what decoding
// each alone gives, and that trees without nodes for simple scalars
// place every field as trees with every node do.
func FuzzLoadBytes(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/load/*")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"apiVersion: v1\nkind: Pod\n---\n---\n...\n",
		"a: {b: 1\n---\napiVersion: v1\nkind: Pod\n",
		"%YAML 1.1\n---\napiVersion: v1\nkind: Pod\n",
		"apiVersion: v1\rkind: Pod\r---\rapiVersion: v1\rkind: Svc\r",
		"apiVersion: v1\u2028kind: Pod\u0085x: [\n",
		"{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\"}]}",
		"[1]", "{", "\xEF\xBB\xBF{}", "a: &a [*a]\n", "<<: *x\n", "- a\n", "x\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := Options{MaxDocumentSize: 1 << 20}
		r := LoadBytes("fuzz.yaml", data, opts)
		n := countLines(data)
		inRange := func(what string, line int) {
			if line < 0 || line > n {
				t.Fatalf("%s line %d outside 1..%d", what, line, n)
			}
		}
		for _, err := range r.Errors {
			e, ok := err.(*Error)
			if !ok || e.File != "fuzz.yaml" {
				t.Fatalf("error %#v does not name the file", err)
			}
			inRange(e.Error(), e.Line)
		}
		for _, s := range r.Skipped {
			inRange(s.Reason, s.Line)
		}
		h := len(data) / 2
		two := []input{{name: "a.yaml", data: data[:h], given: true}, {name: "b.yaml", data: data[h:], given: true}}
		if got, want := summary(run(two, opts)), summary(loadOneByOne(two)); got != want {
			t.Fatalf("one stream and one document at a time differ:\n%s\nvs\n%s", got, want)
		}
		inlineScalars = false
		full := LoadBytes("fuzz.yaml", data, opts).Objects
		inlineScalars = true
		for i, o := range r.Objects {
			samePositions(t, o, full[i])
			inRange(o.Ref().String(), o.Line)
			inRange("metadata", o.FieldLine("metadata", "name"))
			inRange("item", o.FieldLine("spec", "0", "x"))
			data, _ := o.Body["data"].(map[string]any)
			for k := range data {
				for i := range 4 {
					inRange("text", o.TextLine([]string{"data", k}, i))
				}
			}
		}
	})
}

// loadOneByOne decodes each document with a decoder of its own, the
// reference for the batched decoding of run.
func loadOneByOne(in []input) *Result {
	var ps []*part
	for _, i := range in {
		ps = append(ps, i.parts(Options{MaxDocumentSize: 1 << 20})...)
	}
	for _, p := range ps {
		if !p.done {
			decodeBatch([]*part{p})
		}
	}
	return collect(ps)
}

// summary renders a result: objects with their line and body, skips and
// errors.
func summary(r *Result) string {
	var b strings.Builder
	for _, o := range r.Objects {
		fmt.Fprintf(&b, "obj %s %s:%d %v\n", o.Ref(), o.File, o.Line, o.Body)
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(&b, "skip %s:%d\n", s.File, s.Line)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "err %v\n", e)
	}
	return b.String()
}
