package render

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// place is what a line of a rendered object holds: the field at path, or
// line inner of the literal block scalar at path.
type place struct {
	path  []step
	inner int    // 1-based line in the block scalar; 0 for the field itself
	text  string // that line of the scalar's value
	leaf  bool   // the value at path is a scalar
	value string // ... this one
	block bool   // ... a literal block scalar, whose lines follow
}

// step is one element of a field path: a mapping key, or a list item with
// what tells it apart from its siblings, since kustomize's merges and
// patches may move items (a strategic merge keys containers by name).
type step struct {
	key   string
	index int               // the item's index; -1 for a key
	ids   map[string]string // the item's identity fields (name, port...)
	val   *string           // a scalar item's value, which identifies it
}

// identityKeys are the fields that identify a list item: the patch merge
// keys of the Kubernetes lists the rules read (k8s.io/api core/v1
// types.go, patchMergeKey) and the name most other lists have.
var identityKeys = []string{"name", "mountPath", "devicePath", "containerPort", "port", "ip"}

func itemStep(it *yaml.Node, i int) step {
	s := step{index: i}
	switch it.Kind {
	case yaml.ScalarNode:
		s.val = &it.Value
	case yaml.MappingNode:
		for _, k := range identityKeys {
			if v := yamlValue(it, k); v != nil && v.Kind == yaml.ScalarNode {
				if s.ids == nil {
					s.ids = map[string]string{}
				}
				s.ids[k] = v.Value
			}
		}
	}
	return s
}

// renderedPlaces returns the place of each line of data, one rendered
// object as kustomize prints it. A line no node starts on (the rest of a
// multi-line quoted string) takes the place of the line before.
func renderedPlaces(data []byte) ([]place, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("read kustomize output: %w", err)
	}
	n := bytes.Count(data, []byte("\n"))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		n++
	}
	w := &placeWalker{places: make([]place, n), set: make([]bool, n)}
	if len(doc.Content) == 1 {
		w.node(doc.Content[0], nil)
	}
	for i := 1; i < n; i++ {
		if !w.set[i] {
			w.places[i] = w.places[i-1]
		}
	}
	return w.places, nil
}

type placeWalker struct {
	places []place
	set    []bool
}

// at records p for line (1-based); a deeper field on the same line (the
// first key of a list item) replaces the item.
func (w *placeWalker) at(line int, p place) {
	if line >= 1 && line <= len(w.places) {
		w.places[line-1], w.set[line-1] = p, true
	}
}

func (w *placeWalker) node(n *yaml.Node, path []step) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := appendStep(path, step{key: k.Value, index: -1})
			w.at(k.Line, place{path: p, leaf: v.Kind == yaml.ScalarNode, value: v.Value, block: isBlock(v)})
			w.node(v, p)
		}
	case yaml.SequenceNode:
		for i, it := range n.Content {
			p := appendStep(path, itemStep(it, i))
			w.at(it.Line, place{path: p, leaf: it.Kind == yaml.ScalarNode, value: it.Value})
			w.node(it, p)
		}
	case yaml.ScalarNode:
		w.block(n, path)
	}
}

// block records the lines of a literal block scalar; they start on the
// line after its indicator, which is the node's line.
func (w *placeWalker) block(n *yaml.Node, path []step) {
	if !isBlock(n) {
		return
	}
	for i, text := range strings.Split(strings.TrimSuffix(n.Value, "\n"), "\n") {
		w.at(n.Line+1+i, place{path: path, inner: i + 1, text: text, leaf: true})
	}
}

func isBlock(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Style&yaml.LiteralStyle != 0 && n.Value != ""
}

// appendStep returns path with s, never sharing path's array: places
// keep their paths.
func appendStep(path []step, s step) []step {
	out := make([]step, len(path), len(path)+1)
	copy(out, path)
	return append(out, s)
}

// keys returns the path as strings, items by index: the path of the
// rendered object, as JSON patches name it.
func (p place) keys() []string {
	out := make([]string, len(p.path))
	for i, s := range p.path {
		out[i] = s.key
		if s.index >= 0 {
			out[i] = strconv.Itoa(s.index)
		}
	}
	return out
}

// identifies reports whether the field at p names what a patch merges
// into rather than setting anything: the object's kind and name, or a
// list item's identity field.
func (p place) identifies() bool {
	switch ks := p.keys(); {
	case len(ks) == 1:
		return ks[0] == "apiVersion" || ks[0] == "kind"
	case len(ks) == 2 && ks[0] == "metadata":
		return ks[1] == "name" || ks[1] == "namespace"
	case len(ks) >= 2:
		_, ok := p.path[len(p.path)-2].ids[ks[len(ks)-1]]
		return ok
	}
	return false
}
