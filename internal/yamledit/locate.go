package yamledit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/manifest"
)

// parse decodes every document of the file into nodes, with positions.
func parse(b []byte) ([]*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var docs []*yaml.Node
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, &n)
	}
}

// locate finds the mapping node of object o: a document's root, or an
// item of a List, whose first key is on o.Line (the loader's Object.Line)
// and whose kind and name, where written, are o's.
func locate(docs []*yaml.Node, o *manifest.Object) (*yaml.Node, error) {
	var found []*yaml.Node
	consider := func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode && firstKeyLine(n) == o.Line && sameObject(n, o) {
			found = append(found, n)
		}
	}
	for _, d := range docs {
		if len(d.Content) == 0 {
			continue
		}
		root := d.Content[0]
		consider(root)
		if items := child(root, "items"); items != nil && items.Kind == yaml.SequenceNode {
			for _, it := range items.Content {
				consider(it)
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, fmt.Errorf("%s: no object at line %d", o.Ref(), o.Line)
	}
	return nil, fmt.Errorf("%s: several objects at line %d", o.Ref(), o.Line)
}

func firstKeyLine(n *yaml.Node) int {
	if len(n.Content) > 0 {
		return n.Content[0].Line
	}
	return n.Line
}

func sameObject(n *yaml.Node, o *manifest.Object) bool {
	kind, meta := child(n, "kind"), child(n, "metadata")
	if kind != nil && kind.Value != o.Kind {
		return false
	}
	name := child(meta, "name")
	return name == nil || name.Value == o.Name
}

// child returns the value of key in mapping n (the last, as the loader
// reads duplicates), or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var v *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			v = n.Content[i+1]
		}
	}
	return v
}

// step is one node on the way down a path.
type step struct {
	node *yaml.Node
	key  *yaml.Node // the key that led here, for a mapping value
	flow bool       // the node is in a flow collection, or is one
}

// walk follows path from root as far as it exists. It returns the nodes
// passed (root first) and what is left of the path. Anchors, aliases,
// tags and merge keys stop it: an edit there would change other places,
// or a value other than the one written.
func walk(root *yaml.Node, path []string) ([]step, []string, error) {
	trail := []step{{node: root, flow: root.Style&yaml.FlowStyle != 0}}
	for i, p := range path {
		cur := trail[len(trail)-1]
		if err := plain(cur.node, path[:i]); err != nil {
			return nil, nil, err
		}
		var next step
		switch cur.node.Kind {
		case yaml.MappingNode:
			k, v, err := entry(cur.node, p, path[:i+1])
			if err != nil || v == nil {
				return trail, path[i:], err
			}
			next = step{node: v, key: k}
		case yaml.SequenceNode:
			j, err := strconv.Atoi(p)
			if err != nil || j < 0 || j >= len(cur.node.Content) {
				return nil, nil, fmt.Errorf("%s: no list item %s", dotted(path[:i]), p)
			}
			next = step{node: cur.node.Content[j]}
		default:
			return trail, path[i:], nil
		}
		next.flow = cur.flow || next.node.Style&yaml.FlowStyle != 0
		trail = append(trail, next)
	}
	last := trail[len(trail)-1]
	return trail, nil, plain(last.node, path)
}

// entry finds key in mapping m: its key and value nodes, nil when absent.
func entry(m *yaml.Node, key string, at []string) (*yaml.Node, *yaml.Node, error) {
	var k, v *yaml.Node
	merges := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch c := m.Content[i]; {
		case c.Kind == yaml.ScalarNode && c.Tag == "!!merge":
			merges = true
		case c.Kind == yaml.ScalarNode && c.Value == key:
			k, v = c, m.Content[i+1]
		}
	}
	if v == nil && merges {
		return nil, nil, fmt.Errorf("%s: the mapping merges others (<<), edit them by hand", dotted(at[:len(at)-1]))
	}
	return k, v, nil
}

func plain(n *yaml.Node, at []string) error {
	switch {
	case n.Kind == yaml.AliasNode:
		return fmt.Errorf("%s is an alias, edit its anchor by hand", dotted(at))
	case n.Anchor != "":
		return fmt.Errorf("%s has an anchor (&%s) that others may share, edit it by hand", dotted(at), n.Anchor)
	case n.Style&yaml.TaggedStyle != 0:
		return fmt.Errorf("%s has an explicit tag, edit it by hand", dotted(at))
	}
	return nil
}

func dotted(path []string) string {
	if len(path) == 0 {
		return "the object"
	}
	s := path[0]
	for _, p := range path[1:] {
		s += "." + p
	}
	return s
}
