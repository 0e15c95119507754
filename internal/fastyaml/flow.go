package fastyaml

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// flow fills n from the one-line flow sequence of scalars at off on l
// ("[a, "b", 80]"), as hand-written manifests hold them; rest is the text
// after its "]". Nested collections, a trailing comma, "?" keys, pairs
// and escapes leave the subset.
func (p *parser) flow(n *yaml.Node, l *line, off int) (rest string, ok bool) {
	n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
	from := len(p.stack)
	i := off + 1
	for {
		i += indentOf(l.text[i:])
		if i >= len(l.text) {
			return "", false
		}
		item := p.node(yaml.Node{Kind: yaml.ScalarNode, Line: l.num, Column: column(l, i)})
		end, ok := flowItem(item, l.text[i:])
		if !ok {
			return "", false
		}
		p.stack = append(p.stack, item)
		i += end
		i += indentOf(l.text[i:])
		switch {
		case i < len(l.text) && l.text[i] == ']':
			n.Content = p.children(from)
			return l.text[i+1:], true
		case i >= len(l.text) || l.text[i] != ',':
			return "", false
		}
		i++
	}
}

// flowItem fills item from the scalar s starts with, inside a flow
// sequence, and returns where it ends.
func flowItem(item *yaml.Node, s string) (int, bool) {
	if s[0] == '"' || s[0] == '\'' {
		v, end, ok := quoted(s)
		item.Value, item.Tag, item.Style = v, "!!str", quoteStyle(s[0])
		return end, ok
	}
	end := strings.IndexAny(s, ",]")
	if end < 0 {
		return 0, false
	}
	v := strings.TrimRight(s[:end], " ")
	if !plainStart(v) || strings.ContainsAny(v, "[{}#") || strings.Contains(v, ":") {
		return 0, false
	}
	item.Value, item.Tag = v, resolve(v)
	return end, item.Tag != ""
}
