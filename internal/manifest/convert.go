package manifest

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// nodeCost is what one node counts against the decode budget, on top of the
// length of its value: about the memory a small map or slice entry takes.
const nodeCost = 16

// budgetFor is the decode budget of a document of n bytes. A document
// without aliases stays far below it (every node takes at least two bytes of
// text); aliases may expand it about tenfold, plus a megabyte, before we call
// it an alias bomb. yaml.v3's own alias limit does not apply when decoding
// into yaml.Node, which is why we count here.
func budgetFor(n int) int { return 10*n + 1<<20 }

// posError is a conversion failure at a line.
type posError struct {
	line int
	msg  string
}

func (e *posError) Error() string { return e.msg }

// converter turns yaml nodes into Body values: map[string]any, []any,
// string, int64, float64, bool and nil.
type converter struct {
	budget int
	limit  int
	active map[*yaml.Node]bool // anchors being expanded, to catch cycles
	outer  *yaml.Node          // outermost alias being expanded
}

func newConverter(size int) *converter {
	b := budgetFor(size)
	return &converter{budget: b, limit: b}
}

func (c *converter) value(n *yaml.Node) (any, error) {
	c.budget -= nodeCost + len(n.Value)
	if c.budget < 0 {
		return nil, c.bomb(n)
	}
	switch n.Kind {
	case yaml.MappingNode:
		return c.mapping(n)
	case yaml.SequenceNode:
		out := make([]any, len(n.Content))
		for i, e := range n.Content {
			v, err := c.value(e)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case yaml.AliasNode:
		return c.alias(n)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return c.value(n.Content[0])
	}
	return scalar(n), nil
}

func (c *converter) bomb(n *yaml.Node) error {
	if c.outer != nil {
		n = c.outer
	}
	return &posError{n.Line, fmt.Sprintf("document expands beyond %d bytes through aliases (alias bomb?)", c.limit)}
}

func (c *converter) alias(n *yaml.Node) (any, error) {
	t := n.Alias
	if t == nil {
		return nil, &posError{n.Line, fmt.Sprintf("unknown anchor '%s' referenced", n.Value)}
	}
	if c.active[t] {
		return nil, &posError{n.Line, fmt.Sprintf("anchor '%s' value contains itself", n.Value)}
	}
	if c.active == nil {
		c.active = map[*yaml.Node]bool{}
	}
	if len(c.active) == 0 {
		c.outer = n
	}
	c.active[t] = true
	v, err := c.value(t)
	delete(c.active, t)
	return v, err
}

// mapping applies merge keys ("<<") first, so that explicit keys win; among
// merged maps the first wins (YAML merge key spec, as yaml.v3 decodes it).
func (c *converter) mapping(n *yaml.Node) (map[string]any, error) {
	m := make(map[string]any, len(n.Content)/2)
	var explicit map[string]int // with merge keys: the line of each key written here
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMerge(n.Content[i]) {
			if err := c.merge(m, n.Content[i+1]); err != nil {
				return nil, err
			}
			explicit = map[string]int{}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if isMerge(k) {
			continue
		}
		key, err := c.key(k)
		if err != nil {
			return nil, err
		}
		if err := duplicateKey(m, explicit, key, k, n); err != nil {
			return nil, err
		}
		if m[key], err = c.value(n.Content[i+1]); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// duplicateKey refuses a key written twice in one mapping: kubectl's YAML
// to JSON conversion (sigs.k8s.io/yaml, `key "x" already set in map`) and
// the API server's strict decoding refuse it, where a plain decoder would
// silently keep the last value. A key a merge (<<) brought in may be
// overridden once.
func duplicateKey(m map[string]any, explicit map[string]int, key string, k, n *yaml.Node) error {
	if explicit == nil {
		if _, dup := m[key]; !dup {
			return nil
		}
		return &posError{k.Line, fmt.Sprintf("key %q is defined twice in this mapping (first at line %d): kubectl and the API server refuse it", key, keyLine(n, key))}
	}
	if line, dup := explicit[key]; dup {
		return &posError{k.Line, fmt.Sprintf("key %q is defined twice in this mapping (first at line %d): kubectl and the API server refuse it", key, line)}
	}
	explicit[key] = k.Line
	return nil
}

// keyLine is the line where key is first written in mapping n.
func keyLine(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i].Line
		}
	}
	return 0
}

func (c *converter) merge(m map[string]any, v *yaml.Node) error {
	srcs := []*yaml.Node{v}
	if t := deref(v); t.Kind == yaml.SequenceNode {
		srcs = t.Content
	}
	for _, s := range srcs {
		val, err := c.value(s)
		if err != nil {
			return err
		}
		sm, ok := val.(map[string]any)
		if !ok {
			return &posError{s.Line, "map merge requires map or sequence of maps as the value"}
		}
		for k, x := range sm {
			if _, dup := m[k]; !dup {
				m[k] = x
			}
		}
	}
	return nil
}

// key stringifies a mapping key: scalars by their decoded value (1, true,
// null), collections by fmt (Kubernetes keys are always strings).
func (c *converter) key(k *yaml.Node) (string, error) {
	if s, ok := scalarKey(deref(k)); ok {
		return s, nil
	}
	v, err := c.value(k)
	return fmt.Sprint(v), err
}

// deref follows aliases (bounded, as aliases may form cycles).
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}
