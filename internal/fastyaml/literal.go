package fastyaml

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/meshlint/meshlint/internal/memo"
)

// literal parses the literal block scalar whose "|" is at off on l: its
// header ("|", "|-" or "|+", then a comment at most) and its lines, as
// YAML 1.2 §8.1 reads them (the indentation of the first non-empty line,
// which must be deeper than parent; clip, strip or keep the final breaks).
func (p *parser) literal(l *line, off, parent int) *yaml.Node {
	head := l.text[off+1:]
	chomp := byte(0)
	if head != "" && (head[0] == '-' || head[0] == '+') {
		chomp, head = head[0], head[1:]
	}
	if !comment(head) {
		return p.bad()
	}
	p.pos++
	ci := p.contentIndent(parent)
	if ci < 0 {
		return p.bad()
	}
	var b strings.Builder
	breaks := 0 // empty lines not yet written
	for ; p.pos < len(p.lines); p.pos++ {
		t := p.lines[p.pos].text
		if strings.TrimLeft(t, " ") == "" && len(t) <= ci {
			breaks++
			continue
		}
		if p.lines[p.pos].indent < ci {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("\n", breaks))
		b.WriteString(t[ci:])
		breaks = 0
	}
	v := b.String()
	switch chomp {
	case 0:
		v += "\n"
	case '+':
		v += strings.Repeat("\n", breaks+1)
	}
	return p.node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.LiteralStyle, Value: v, Line: l.num, Column: column(l, off)})
}

// contentIndent is the indentation of the block scalar's first non-empty
// line, or -1 when it is not deeper than parent (an empty scalar) or an
// empty line before it holds more spaces (an error in YAML).
func (p *parser) contentIndent(parent int) int {
	longest := 0
	for i := p.pos; i < len(p.lines); i++ {
		t := p.lines[i].text
		if strings.TrimLeft(t, " ") != "" {
			ci := p.lines[i].indent
			if ci <= parent || longest > ci || t[ci] == '\t' {
				return -1
			}
			return ci
		}
		longest = max(longest, len(t))
	}
	return -1
}

// resolve is the tag yaml.v3 gives the plain scalar v: most scalars are
// read here; numbers, dates and the like by yaml.v3 itself, remembered.
// "" when yaml.v3 does not read v as that one plain scalar.
func resolve(v string) string {
	switch c := v[0]; {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		switch v {
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return "!!bool"
		case "null", "Null", "NULL":
			return "!!null"
		}
		return "!!str"
	case c >= '1' && c <= '9' && len(v) < 16 && digits(v):
		return "!!int"
	}
	return slowResolve(v)
}

func digits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// resolved remembers yaml.v3's tags; hostile input may hold any number
// of distinct numbers, so only so many.
var resolved = memo.Bounded[string, string]{Max: 4096}

func slowResolve(v string) string { return resolved.Get(v, v3Tag) }

// v3Tag is the tag yaml.v3 gives v alone, "" when it does not read v as
// one plain scalar.
func v3Tag(v string) string {
	var doc yaml.Node
	if yaml.Unmarshal([]byte(v), &doc) == nil && len(doc.Content) == 1 {
		if n := doc.Content[0]; n.Kind == yaml.ScalarNode && n.Style == 0 && n.Value == v {
			return n.Tag
		}
	}
	return ""
}
