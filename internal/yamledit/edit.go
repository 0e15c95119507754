// Package yamledit applies mutate.Edits to the text of a manifest file
// with minimal changes: comments, key order, quoting and indentation of
// everything the edits do not touch stay byte for byte as they were. It
// reads positions from go.yaml.in/yaml/v3 nodes, splices the text, then
// decodes the result and refuses it unless each edited object decodes to
// exactly the mutated body and every other object to what it was.
package yamledit

import (
	"bytes"
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mutate"
)

var bom = []byte("\xEF\xBB\xBF")

// Target is one object, as loaded from the file, and the edits to make to
// it.
type Target struct {
	Object *manifest.Object
	Edits  []mutate.Edit
}

// Apply returns the text of file name (data, the bytes its objects were
// loaded from) with the targets' edits made, or an error when it cannot
// make them exactly.
func Apply(name string, data []byte, targets []Target) ([]byte, error) {
	body := bytes.TrimPrefix(data, bom)
	docs, err := parse(body)
	if err != nil && manifest.LooksJSON(body) {
		docs, err = parseJSONStream(body)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t := newText(body)
	var all []splice
	for _, tg := range targets {
		ss, err := objectSplices(t, docs, tg)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %w", name, tg.Object.Line, tg.Object.Ref(), err)
		}
		all = append(all, ss...)
	}
	out, err := applySplices(body, all)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out = append(data[:len(data)-len(body):len(data)-len(body)], out...)
	if err := verify(name, data, out, targets); err != nil {
		return nil, err
	}
	return out, nil
}

func objectSplices(t *text, docs []*yaml.Node, tg Target) ([]splice, error) {
	root, err := locate(docs, tg.Object)
	if err != nil {
		return nil, err
	}
	e := &editor{t: t, root: root, step: indentStep(root), json: root.Style&yaml.FlowStyle != 0,
		inserts: map[*yaml.Node]*insertion{}}
	for _, ed := range tg.Edits {
		if err := e.add(ed); err != nil {
			return nil, fmt.Errorf("%s: %w", dotted(ed.Path), err)
		}
	}
	return e.finish()
}

// editor collects the splices of one object's edits. Insertions into one
// mapping are gathered first, so that edits sharing a parent that does not
// exist yet create it once.
type editor struct {
	t       *text
	root    *yaml.Node
	step    int  // the object's indentation step
	json    bool // the object is JSON: flow style, quoted keys
	splices []splice
	inserts map[*yaml.Node]*insertion
	order   []*yaml.Node
}

// insertion is what goes into one mapping (or one null value, which
// becomes a mapping).
type insertion struct {
	at   step
	tree *tree
}

func (e *editor) add(ed mutate.Edit) error {
	trail, rest, err := walk(e.root, ed.Path)
	if err != nil {
		return err
	}
	last := trail[len(trail)-1]
	switch ed.Kind {
	case mutate.SetString:
		s, ok := ed.Value.(string)
		if !ok || len(rest) > 0 {
			return fmt.Errorf("no string to replace")
		}
		return e.setString(last, s)
	case mutate.SetField:
		return e.setField(last, ed.Path, rest, ed.Value)
	}
	return fmt.Errorf("unknown edit kind %d", ed.Kind)
}

// setField sets value at path, of which rest does not exist yet; last is
// the deepest node that does.
func (e *editor) setField(last step, path, rest []string, value any) error {
	n := last.node
	if vm, isMap := value.(map[string]any); isMap && len(rest) == 0 && n.Kind == yaml.MappingNode {
		for _, k := range sortedKeys(vm) {
			p := append(slices.Clone(path), k)
			trail, r, err := walk(e.root, p)
			if err != nil {
				return err
			}
			if err := e.setField(trail[len(trail)-1], p, r, vm[k]); err != nil {
				return err
			}
		}
		return nil
	}
	switch {
	case len(rest) == 0 && n.Kind == yaml.ScalarNode && !isMapValue(value):
		return e.replaceScalar(last, value)
	case n.Kind == yaml.MappingNode || isNull(n):
		if len(rest) == 0 {
			rest = nil // a map value replacing null: its keys go in
		}
		return e.insertion(last).tree.put(rest, value)
	}
	return fmt.Errorf("%s is a %s, not a mapping", dotted(path[:len(path)-len(rest)]), kindName(n))
}

func (e *editor) insertion(at step) *insertion {
	ins := e.inserts[at.node]
	if ins == nil {
		ins = &insertion{at: at, tree: &tree{}}
		e.inserts[at.node] = ins
		e.order = append(e.order, at.node)
	}
	return ins
}

func (e *editor) finish() ([]splice, error) {
	for _, n := range e.order {
		ins := e.inserts[n]
		var err error
		switch {
		case isNull(n) && ins.at.flow:
			err = e.fillFlowNull(ins.at, ins.tree)
		case isNull(n):
			err = e.fillBlockNull(ins.at, ins.tree)
		case ins.at.flow:
			err = e.insertFlow(n, ins.tree)
		default:
			err = e.insertBlock(n, ins.tree)
		}
		if err != nil {
			return nil, err
		}
	}
	return e.splices, nil
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func isMapValue(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	}
	return "scalar"
}

// indentStep is how far the object indents a nested mapping: new nested
// keys follow the file's own style.
func indentStep(root *yaml.Node) int {
	if root.Kind != yaml.MappingNode || len(root.Content) == 0 {
		return 2
	}
	for i := 1; i < len(root.Content); i += 2 {
		v := root.Content[i]
		if v.Kind == yaml.MappingNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0 {
			if d := v.Content[0].Column - root.Content[0].Column; d > 0 {
				return d
			}
		}
	}
	return 2
}
