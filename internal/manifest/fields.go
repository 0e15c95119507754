package manifest

import (
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Node returns the yaml node at path, a list of map keys and decimal list
// indexes (e.g. "spec", "ports", "0", "targetPort"), or nil when the path does
// not exist. Aliases are followed; merge keys ("<<") are searched after the
// map's own keys.
func (o *Object) Node(path ...string) *yaml.Node {
	n, _, ok := o.find(path)
	if !ok {
		return nil
	}
	return n
}

// FieldLine returns the line of the field at path: the line of its key, or
// of the item for list indexes. When the path does not exist it returns the
// line of the deepest ancestor that does, and o.Line for an empty path.
//
// (The brief named this method Line, but Object already has a Line field and
// Go allows no method of the same name.)
func (o *Object) FieldLine(path ...string) int {
	_, line, _ := o.find(path)
	return line
}

// Labels returns metadata.labels; values that are not strings are left out.
func (o *Object) Labels() map[string]string { return o.stringMap("labels") }

// Annotations returns metadata.annotations; values that are not strings are
// left out.
func (o *Object) Annotations() map[string]string { return o.stringMap("annotations") }

func (o *Object) stringMap(field string) map[string]string {
	meta, _ := o.Body["metadata"].(map[string]any)
	m, _ := meta[field].(map[string]any)
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// find walks path from the object's node. It returns the node reached (with
// aliases followed), the line of the last field found, and whether the whole
// path was found.
func (o *Object) find(path []string) (*yaml.Node, int, bool) {
	n, line := o.node, o.Line
	if n == nil {
		return nil, line, len(path) == 0
	}
	for _, p := range path {
		n = deref(n)
		var at, v *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			at, v = lookupKey(n, p, 0)
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(p); err == nil && i >= 0 && i < len(n.Content) {
				at, v = n.Content[i], n.Content[i]
			}
		}
		if v == nil {
			return n, line, false
		}
		n, line = v, at.Line
	}
	return deref(n), line, true
}

// lookupKey finds key in mapping m: the last of its own keys that matches,
// else the first match in its merged maps. It returns the key and value
// nodes, or nils.
func lookupKey(m *yaml.Node, key string, depth int) (k, v *yaml.Node) {
	for i := len(m.Content) - 2; i >= 0; i -= 2 {
		if s, ok := scalarKey(deref(m.Content[i])); ok && s == key && !isMerge(m.Content[i]) {
			return m.Content[i], m.Content[i+1]
		}
	}
	if depth > 8 {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !isMerge(m.Content[i]) {
			continue
		}
		srcs := []*yaml.Node{m.Content[i+1]}
		if t := deref(m.Content[i+1]); t.Kind == yaml.SequenceNode {
			srcs = t.Content
		}
		for _, s := range srcs {
			if s = deref(s); s.Kind == yaml.MappingNode {
				if k, v := lookupKey(s, key, depth+1); v != nil {
					return k, v
				}
			}
		}
	}
	return nil, nil
}
