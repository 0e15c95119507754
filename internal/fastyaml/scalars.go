package fastyaml

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// keyEnd returns the index of the ':' that ends the key s starts with: a
// plain key ends at the first ": " (or a final ':'), a quoted one at its
// closing quote followed by ':'.
func keyEnd(s string) (int, bool) {
	if s[0] == '"' || s[0] == '\'' {
		_, n, ok := quoted(s)
		if !ok {
			return 0, false
		}
		i := n + indentOf(s[n:])
		return i, i < len(s) && s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ')
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '#' && i > 0 && s[i-1] == ' ':
			return 0, false
		case s[i] == ':' && (i+1 == len(s) || s[i+1] == ' '):
			return i, true
		}
	}
	return 0, false
}

// maxKey is under yaml.v3's bound on a simple key (1024 characters,
// scannerc.go yaml_parser_stale_simple_keys): a longer one is an error.
const maxKey = 1000

// key parses the key at the start of l's content; after is where the text
// after its ':' starts.
func (p *parser) key(l *line) (*yaml.Node, int) {
	s := l.rest()
	end, ok := keyEnd(s)
	if !ok || end > maxKey {
		return nil, 0
	}
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Line: l.num, Column: l.indent + 1})
	if s[0] == '"' || s[0] == '\'' {
		n.Value, _, _ = quoted(s)
		n.Tag, n.Style = "!!str", quoteStyle(s[0])
	} else {
		n.Value = strings.TrimRight(s[:end], " ")
		if !plainStart(n.Value) || n.Value == "<<" {
			return nil, 0
		}
		if n.Tag = resolve(n.Value); n.Tag == "" {
			return nil, 0
		}
	}
	return n, l.indent + end + 1
}

// value parses what follows a key's ':' (at) or an entry's "- " on l;
// parent is the indentation the value must go deeper than.
func (p *parser) value(l *line, at, parent int, inMap bool) *yaml.Node {
	off := at + indentOf(l.text[at:])
	s := l.text[off:]
	switch {
	case s == "" || (s[0] == '#' && off > at):
		return p.nested(l, parent, column(l, at), inMap)
	case s[0] == '|':
		return p.literal(l, off, parent)
	}
	n := p.node(yaml.Node{Kind: yaml.ScalarNode, Line: l.num, Column: column(l, off)})
	rest, ok := p.single(n, s)
	if s[0] == '[' && !strings.HasPrefix(s, "[]") {
		rest, ok = p.flow(n, l, off)
	}
	if !ok || !comment(rest) {
		return p.bad()
	}
	p.pos++
	if next := p.next(); next != nil && next.indent > parent { // a continuation line
		return p.bad()
	}
	return n
}

// single fills n from the one-line value s: quoted, an empty flow
// collection or plain; rest is the text after it.
func (p *parser) single(n *yaml.Node, s string) (rest string, ok bool) {
	switch {
	case s[0] == '"' || s[0] == '\'':
		v, end, ok := quoted(s)
		n.Value, n.Tag, n.Style = v, "!!str", quoteStyle(s[0])
		return s[end:], ok
	case strings.HasPrefix(s, "[]"):
		n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
		return s[2:], true
	case strings.HasPrefix(s, "{}"):
		n.Kind, n.Tag, n.Style = yaml.MappingNode, "!!map", yaml.FlowStyle
		return s[2:], true
	}
	end := len(s)
	if i := strings.Index(s, " #"); i >= 0 {
		end = i
	}
	v := strings.TrimRight(s[:end], " ")
	if !plainStart(v) || strings.Contains(v, ": ") || strings.HasSuffix(v, ":") {
		return "", false
	}
	n.Value, n.Tag = v, resolve(v)
	return s[end:], n.Tag != ""
}

// comment reports whether s is empty, spaces, or spaces then a comment.
func comment(s string) bool {
	t := strings.TrimLeft(s, " ")
	return t == "" || (t[0] == '#' && len(t) < len(s))
}

// plainStart reports whether v can be a plain scalar as this subset reads
// it: not empty, no indicator first (but "-", "?" and ":" before a
// non-space, as in "-1").
func plainStart(v string) bool {
	if v == "" {
		return false
	}
	switch v[0] {
	case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '-', '?', ':':
		return len(v) > 1 && v[1] != ' '
	}
	return true
}

// quoted reads the quoted scalar s starts with, on one line: its value and
// the index after the closing quote. Escapes in double quotes leave the
// subset.
func quoted(s string) (string, int, bool) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			return "", 0, false
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case s[i] == q:
			return b.String(), i + 1, true
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, false
}

func quoteStyle(q byte) yaml.Style {
	if q == '"' {
		return yaml.DoubleQuotedStyle
	}
	return yaml.SingleQuotedStyle
}

// column is yaml.v3's column of byte off of l: it counts characters.
func column(l *line, off int) int {
	for i := 0; i < off; i++ {
		if l.text[i] >= 0x80 {
			return utf8.RuneCountInString(l.text[:off]) + 1
		}
	}
	return off + 1
}
