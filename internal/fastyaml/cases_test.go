package fastyaml_test

import (
	"testing"

	"github.com/meshlint/meshlint/internal/fastyaml"
)

// accepted: the subset, each as yaml.v3 reads it (check compares).
var accepted = []string{
	"a: 1\n",
	"---\na: b\n",
	"--- # first\na: b\n",
	"# head\n\na: b # tail\n# foot\n",
	"a:\n  b: c\n  d: [] # none\n  e: {}\n",
	"a:\n- x\n- y\nb: z\n",
	"a:\n  - x\n  -\n  - k: v\n    l: w\n  - 'q''s'\n",
	"a:\nb: ~\nc: null\nd: true\ne: False\nf: 0x1F\ng: 1.5e3\nh: 2001-12-14\ni: -1\nj: .inf\nk: 012\nl: 100m\nm: 1_000\n",
	"\"k\": v\n'k2': \"v 2\"\n80: http\ntrue: yes\n",
	"a: |\n  line 1\n\n  line 3\n\nb: 1\n",
	"a: |-\n    x\n      y\n\n\nb: |+\n  keep\n\n\nc: d\n",
	"a: |\n  x\n   \n  y\n    \n",
	"a: | # conf\n  server {\n    listen 80;\n  }\n  # not a comment\n# a comment\n",
	"a:\n  - |\n    x\n  - b\n",
	"a: b#c\nd: e:f\ng: -h\ni: ?j\nk: 'x' # y\n",
	"a: café ünïcode\n",
	"a: [x]\nb: [ \"80\", 'y' , 1.5,-z ] # c\nc:\n  - [a.b, c/d]\n",
	"a:\n  b:\n    c:\n      - d: e\n        f:\n          - g\n",
}

// refused: outside the subset, left to yaml.v3.
var refused = []string{
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"a: [1, [2]]\n",
	"a: [1, {b: c}]\n",
	"a: [1, ]\n",
	"a: [1, b: c]\n",
	"a: [x\n  , y]\n",
	"a: [\"x\\ty\"]\n",
	"a: [x #c\n  ]\n",
	"a: {b: c}\n",
	"a: >\n  folded\n",
	"a: |2\n   x\n",
	"a: \"esc\\n\"\n",
	"a: 'multi\n  line'\n",
	"a: plain\n  continued\n",
	"a:\tb\n",
	"a: b\r\n",
	"a: b",
	"\xef\xbb\xbfa: b\n",
	"- - x\n",
	"? complex\n: key\n",
	"<<: {a: b}\n",
	"a: b\n...\n",
	"plain scalar\n",
	"a: b: c\n",
	"a: b\n  c: d\n",
	"a:\n  b: c\n d: e\n",
	"a: |\n\n   \n  x\n",
	"%YAML 1.2\n---\na: b\n",
	"a: \x85\n",
	"a: b\xc2\x85c\n",
	"a: b\xe2\x80\xa8c\n",
	"a: \"tab\tinside\"\n",
}

func TestSubset(t *testing.T) {
	for _, doc := range accepted {
		if !check(t, "accepted", []byte(doc)) {
			t.Errorf("refused:\n%s", doc)
		}
	}
	for _, doc := range refused {
		if _, ok := fastyaml.Parse([]byte(doc)); ok {
			t.Errorf("accepted:\n%q", doc)
		}
	}
}

// FuzzParse holds every tree Parse builds to yaml.v3's.
func FuzzParse(f *testing.F) {
	for _, doc := range append(accepted, refused...) {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		check(t, "fuzz", doc)
	})
}
