package fastyaml

import "go.yaml.in/yaml/v3"

// mapping parses the block mapping whose keys are at indent. A line more
// indented than a key, or an entry ("- ") at a key's indent, leaves the
// subset (or is an error yaml.v3 reports).
func (p *parser) mapping(indent int) *yaml.Node {
	var m *yaml.Node
	from := len(p.stack)
	for {
		l := p.next()
		if p.fail {
			return nil
		}
		if l == nil || l.indent < indent {
			if m == nil {
				return p.bad()
			}
			m.Content = p.children(from)
			return m
		}
		if l.indent > indent || isEntry(l.rest()) {
			return p.bad()
		}
		key, after := p.key(l)
		if key == nil {
			return p.bad()
		}
		if m == nil {
			m = p.node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: l.num, Column: indent + 1})
		}
		p.stack = append(p.stack, key)
		v := p.value(l, after, indent, true)
		if v == nil {
			return p.bad()
		}
		p.stack = append(p.stack, v)
	}
}

// sequence parses the block sequence whose "-" are at indent. indentless:
// it is a mapping value at its key's indent, and a key there ends it.
func (p *parser) sequence(indent int, indentless bool) *yaml.Node {
	var s *yaml.Node
	from := len(p.stack)
	for {
		l := p.next()
		if p.fail {
			return nil
		}
		if l == nil || l.indent < indent || (l.indent == indent && indentless && !isEntry(l.rest())) {
			if s == nil {
				return p.bad()
			}
			s.Content = p.children(from)
			return s
		}
		if l.indent > indent || !isEntry(l.rest()) {
			return p.bad()
		}
		if s == nil {
			s = p.node(yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: l.num, Column: indent + 1})
		}
		e := p.entry(l)
		if e == nil {
			return p.bad()
		}
		p.stack = append(p.stack, e)
	}
}

// entry parses one sequence entry: a nested block on the next lines, a
// compact mapping on the entry's line ("- name: x"), or a single value.
func (p *parser) entry(l *line) *yaml.Node {
	dash := l.indent
	off := dash + 1 + indentOf(l.text[dash+1:])
	c := l.text[off:]
	switch {
	case c == "" || c[0] == '#': // isEntry put a space before any '#'
		return p.nested(l, dash, dash+2, false)
	case isEntry(c):
		return p.bad()
	}
	if _, ok := keyEnd(c); ok {
		l.indent = off // the entry's mapping has its keys at off
		return p.mapping(off)
	}
	return p.value(l, off, dash, false)
}

// nested is the value of a key or entry whose line ends after it: the
// block on the next lines, an indentless sequence (mapping values only),
// or null at col of l.
func (p *parser) nested(l *line, parent, col int, inMap bool) *yaml.Node {
	p.pos++
	if b := p.block(parent); b != nil || p.fail {
		return b
	}
	if n := p.next(); inMap && n != nil && n.indent == parent && isEntry(n.rest()) {
		return p.sequence(parent, true)
	}
	if p.fail {
		return nil
	}
	return p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: l.num, Column: col})
}

// bad marks the text as outside the subset.
func (p *parser) bad() *yaml.Node {
	p.fail = true
	return nil
}
