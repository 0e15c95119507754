package manifest

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// posTree is the shape of one document, all that FieldLine and TextLine
// need: lines, scalar styles and map keys, no values (those are in Body).
// It replaces the document's yaml.Node tree, which is about five times its
// size and was half the heap of a loaded model; that tree becomes garbage
// as soon as the document is converted.
//
// Nodes and edges are two flat slices per document, indexed by int32 (a
// document has far fewer than 2^31 lines and nodes). A scalar of one line
// or none, written in flow style (plain or quoted) and without an anchor,
// has no node: all TextLine and FieldLine read of it is its line, which
// its edge holds instead of a node's index, negated (simpleScalar); most
// of a manifest's values are such scalars. An alias is an edge to
// the node of its anchor, so aliases share subtrees and a tree never has
// more nodes than the yaml.Node tree it comes from, however far the aliases
// expand (alias bombs are stopped earlier, by the converter's budget).
type posTree struct {
	nodes []posNode
	edges []posEdge
}

type posKind uint8

const (
	posOther posKind = iota // an alias without a target; never in a loaded object
	posScalar
	posMapping
	posSequence
)

// posNode is one mapping, sequence or scalar.
type posNode struct {
	// line is the node's line; for a mapping, that of its first key, as
	// Object.Line is.
	line int32
	col  int32 // scalars: 1-based rune column, where flowLine starts
	// lines is, for a non-empty scalar, how many text lines TextLine tells
	// apart (textLines for literal scalars, one more than the "\n" count for
	// the others); 0 for an empty one.
	lines int32
	// edges[first:first+n] are a mapping's own keys or a sequence's items;
	// the merges edges after them lead to the maps a mapping merges ("<<").
	first, n, merges int32
	kind             posKind
	style            uint8 // scalars: yaml.Style bits
}

// posEdge leads from a collection to a value.
type posEdge struct {
	key  string // mappings: the key as Body has it (scalarKey)
	line int32  // line of the key, or of the item (of the alias, if it is one)
	node int32  // index in nodes; for a simple scalar, minus its line
}

// node returns node i; a simple scalar's (i < 0) is made from its line.
func (t *posTree) node(i int32) *posNode {
	if i < 0 {
		return &posNode{line: -i, lines: 1, kind: posScalar}
	}
	return &t.nodes[i]
}

// simpleScalar reports whether n needs no node of its own: a scalar of
// at most one line in flow style (TextLine returns its line whatever the
// inner line asked: flowLine), without an anchor for aliases to name.
func simpleScalar(n *yaml.Node) bool {
	return inlineScalars && n.Kind == yaml.ScalarNode && n.Anchor == "" && n.Line > 0 &&
		n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && scalarLines(n) <= 1
}

// lookup finds key in mapping m: the last of its own keys that matches,
// else the first match in its merged maps, searched up to 8 merges deep.
func (t *posTree) lookup(m *posNode, key string, depth int) *posEdge {
	for i := m.first + m.n - 1; i >= m.first; i-- {
		if t.edges[i].key == key {
			return &t.edges[i]
		}
	}
	if depth > 8 {
		return nil
	}
	for _, s := range t.edges[m.first+m.n : m.first+m.n+m.merges] {
		if e := t.lookup(t.node(s.node), key, depth+1); e != nil {
			return e
		}
	}
	return nil
}

// posBuilder turns yaml.Node trees into posTrees. One builder serves a
// stream of documents: its scratch slices are reused, and each tree gets
// copies of exactly the right size.
type posBuilder struct {
	nodes []posNode
	edges []posEdge
	built map[*yaml.Node]int32 // anchored nodes already built
}

// build returns the tree of the document whose root is root, at index 0.
func (b *posBuilder) build(root *yaml.Node) *posTree {
	b.nodes, b.edges = b.nodes[:0], b.edges[:0]
	clear(b.built)
	b.add(root)
	return &posTree{nodes: slices.Clone(b.nodes), edges: slices.Clone(b.edges)}
}

// inlineScalars is false only in the test that compares the trees with
// and without nodes for simple scalars.
var inlineScalars = true

// add adds n (through aliases) and returns its index, or minus its line
// for a simple scalar.
func (b *posBuilder) add(n *yaml.Node) int32 {
	n = deref(n)
	if simpleScalar(n) {
		return -int32(n.Line)
	}
	if i, ok := b.built[n]; ok {
		return i
	}
	i := int32(len(b.nodes))
	b.nodes = append(b.nodes, posNode{line: int32(n.Line), kind: kindOf(n)})
	if n.Anchor != "" {
		if b.built == nil {
			b.built = map[*yaml.Node]int32{}
		}
		b.built[n] = i
	}
	switch n.Kind {
	case yaml.ScalarNode:
		p := &b.nodes[i]
		p.col, p.lines, p.style = int32(n.Column), scalarLines(n), uint8(n.Style)
	case yaml.SequenceNode:
		b.sequence(i, n)
	case yaml.MappingNode:
		b.nodes[i].line = int32(firstKeyLine(n))
		b.mapping(i, n)
	}
	return i
}

// mapping adds the edges of m's own keys, then those of its merge sources,
// then the nodes they lead to.
func (b *posBuilder) mapping(i int32, m *yaml.Node) {
	first, own := len(b.edges), 0
	entries(m, func(k, _ *yaml.Node) {
		key, _ := scalarKey(deref(k))
		b.edges = append(b.edges, posEdge{key: key, line: int32(k.Line)})
		own++
	}, func(s *yaml.Node) {
		b.edges = append(b.edges, posEdge{line: int32(s.Line)})
	})
	p := &b.nodes[i]
	p.first, p.n, p.merges = int32(first), int32(own), int32(len(b.edges)-first-own)
	e := first
	add := func(v *yaml.Node) {
		k := b.add(v) // may grow b.edges
		b.edges[e].node = k
		e++
	}
	entries(m, func(_, v *yaml.Node) { add(v) }, add)
}

// entries calls own for each key of m that a path can name (a scalar that
// is not a merge key), then merge for each map that m merges ("<<": a map
// or a sequence of maps; other sources fail conversion).
func entries(m *yaml.Node, own func(k, v *yaml.Node), merge func(s *yaml.Node)) {
	for j := 0; j+1 < len(m.Content); j += 2 {
		if k := m.Content[j]; !isMerge(k) && deref(k).Kind == yaml.ScalarNode {
			own(k, m.Content[j+1])
		}
	}
	for j := 0; j+1 < len(m.Content); j += 2 {
		if !isMerge(m.Content[j]) {
			continue
		}
		srcs := m.Content[j+1 : j+2]
		if t := deref(srcs[0]); t.Kind == yaml.SequenceNode {
			srcs = t.Content
		}
		for _, s := range srcs {
			if deref(s).Kind == yaml.MappingNode {
				merge(s)
			}
		}
	}
}

// sequence adds the edges to the items of s, then their nodes.
func (b *posBuilder) sequence(i int32, s *yaml.Node) {
	first := len(b.edges)
	b.nodes[i].first, b.nodes[i].n = int32(first), int32(len(s.Content))
	for _, v := range s.Content {
		b.edges = append(b.edges, posEdge{line: int32(v.Line)})
	}
	for j, v := range s.Content {
		k := b.add(v) // may grow b.edges
		b.edges[first+j].node = k
	}
}

// scalarLines is posNode.lines of scalar n.
func scalarLines(n *yaml.Node) int32 {
	switch {
	case n.Value == "":
		return 0
	case n.Style&yaml.LiteralStyle != 0:
		return int32(textLines(n.Value))
	}
	return int32(strings.Count(n.Value, "\n") + 1)
}

func kindOf(n *yaml.Node) posKind {
	switch n.Kind {
	case yaml.ScalarNode:
		return posScalar
	case yaml.MappingNode:
		return posMapping
	case yaml.SequenceNode:
		return posSequence
	}
	return posOther
}

func (k posKind) String() string {
	switch k {
	case posSequence:
		return "sequence"
	case posMapping:
		return "mapping"
	}
	return "scalar"
}
