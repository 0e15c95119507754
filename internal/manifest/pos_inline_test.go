package manifest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSimpleScalarsNeedNoNode: with the nodes of simple scalars left out
// of the trees, FieldLine and TextLine give what they give with every
// node, for every path of every object of every YAML fixture of the
// repository and of this package (block, flow, quoted, multi-line and
// aliased values among them), and the trees are smaller.
func TestSimpleScalarsNeedNoNode(t *testing.T) {
	var files []string
	for _, root := range []string{"../../testdata", "testdata"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".json")) {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 500 {
		t.Fatalf("only %d fixtures", len(files))
	}
	load := func(inline bool) ([]*Object, int) {
		inlineScalars = inline
		defer func() { inlineScalars = true }()
		objs, nodes := Load(files, Options{}).Objects, 0
		for i, o := range objs {
			if o.tree != nil && (i == 0 || objs[i-1].tree != o.tree) {
				nodes += len(o.tree.nodes)
			}
		}
		return objs, nodes
	}
	full, fullNodes := load(false)
	inline, inlineNodes := load(true)
	if len(full) != len(inline) {
		t.Fatalf("%d objects, then %d", len(full), len(inline))
	}
	paths := 0
	for i, o := range inline {
		paths += samePositions(t, o, full[i])
	}
	if paths < 3000 || inlineNodes*3 > fullNodes*2 {
		t.Errorf("%d paths compared; %d nodes, %d with every node", paths, inlineNodes, fullNodes)
	}
}

// samePositions fails t where o, loaded with simple scalars inline, and
// full, loaded with every node, give other FieldLine or TextLine lines
// for a path of o's body; it returns how many paths it compared.
func samePositions(t *testing.T, o, full *Object) int {
	t.Helper()
	paths := bodyPaths(o.Body, nil)
	for _, p := range paths {
		if a, b := o.FieldLine(p...), full.FieldLine(p...); a != b {
			t.Errorf("%s:%d %s: FieldLine(%s) = %d, with every node %d", o.File, o.Line, o.Ref(), strings.Join(p, "."), a, b)
		}
		for inner := 1; inner <= 3; inner++ {
			if a, b := o.TextLine(p, inner), full.TextLine(p, inner); a != b {
				t.Errorf("%s:%d %s: TextLine(%s, %d) = %d, with every node %d", o.File, o.Line, o.Ref(), strings.Join(p, "."), inner, a, b)
			}
		}
	}
	return len(paths)
}

// bodyPaths lists the paths of v's values, at most 8 deep.
func bodyPaths(v any, at []string) [][]string {
	if len(at) > 8 {
		return nil
	}
	var out [][]string
	add := func(k string, c any) {
		p := append(append([]string{}, at...), k)
		out = append(append(out, p), bodyPaths(c, p)...)
	}
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			add(k, c)
		}
	case []any:
		for i, c := range x {
			add(strconv.Itoa(i), c)
		}
	}
	return out
}
