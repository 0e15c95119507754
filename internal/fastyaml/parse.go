// Package fastyaml parses the block YAML that Kubernetes manifests are
// written in (what kubectl, Helm and kustomize print) into the node tree
// go.yaml.in/yaml/v3 builds for it, several times faster. It accepts only
// a strict subset: block mappings and sequences, plain and single-line
// quoted scalars, literal block scalars, empty flow collections. Anything
// else (anchors, tags, flow collections, folded or multi-line scalars,
// escapes, tabs, CR) makes Parse return false, and the caller decodes the
// document with yaml.v3, so the subset never changes a result: a
// differential test and a fuzz target hold every tree Parse builds to
// yaml.v3's (comments aside, which no caller reads).
package fastyaml

import (
	"unicode/utf8"
	"unsafe"

	"go.yaml.in/yaml/v3"
)

// Parse parses text, one YAML document, into a yaml.v3 DocumentNode with
// lines counted from 1 at text's start. ok is false when text leaves the
// subset; the node is then nil.
func Parse(text []byte) (doc *yaml.Node, ok bool) {
	return new(Parser).Parse(text)
}

// Parser parses documents one after the other, reusing its memory: the
// tree Parse returns is valid until the next call. Not for concurrent use.
type Parser struct {
	p parser
}

// Parse is the package's Parse, on the parser's memory.
func (ps *Parser) Parse(text []byte) (doc *yaml.Node, ok bool) { return ps.parse(text, false) }

// ParseShared is Parse for text that is never written again while the
// tree's strings are in use: they share text's memory instead of a
// copy's (a caller that keeps text anyway holds it once, not twice).
func (ps *Parser) ParseShared(text []byte) (doc *yaml.Node, ok bool) { return ps.parse(text, true) }

func (ps *Parser) parse(text []byte, shared bool) (doc *yaml.Node, ok bool) {
	p := &ps.p
	p.arena.reset()
	p.lines, p.pos, p.fail = p.lines[:0], 0, false
	if !p.split(text, shared) {
		return nil, false
	}
	defer func() {
		if recover() != nil { // a bound this parser missed: yaml.v3 decides
			doc, ok = nil, false
		}
	}()
	return p.document()
}

// Size is how many nodes the parser's memory holds.
func (ps *Parser) Size() int { return ps.p.nodes.size() }

// line is one line of text: its number, its indentation and its text
// without the line break.
type line struct {
	num    int
	indent int
	text   string
}

func (l *line) rest() string { return l.text[l.indent:] }

// blank reports whether the line holds nothing but spaces or a comment.
func (l *line) blank() bool {
	r := l.rest()
	return r == "" || r[0] == '#'
}

type parser struct {
	arena
	lines []line
	pos   int
	fail  bool
}

// split cuts text into lines and refuses what the subset never holds: a
// byte-order mark, CR, control characters (tabs are refused outside
// literal block scalars, where next checks them), text not ending in LF.
func (p *parser) split(text []byte, shared bool) bool {
	if len(text) == 0 || text[len(text)-1] != '\n' || (len(text) >= 3 && text[0] == 0xEF) {
		return false
	}
	var src string
	if shared { // ParseShared: the lines are cut from text itself
		src = unsafe.String(unsafe.SliceData(text), len(text))
	} else {
		src = string(text)
	}
	start, num, wide := 0, 1, false
	for i, c := range text {
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7F {
			return false
		}
		wide = wide || c >= 0x80
		if c != '\n' {
			continue
		}
		s := src[start:i]
		p.lines = append(p.lines, line{num: num, indent: indentOf(s), text: s})
		start, num = i+1, num+1
	}
	return !wide || printable(text)
}

// printable reports whether text is UTF-8 that yaml.v3 reads (Printable)
// without NEL, LS, PS, which yaml.v3 reads as line breaks, or a BOM.
func printable(text []byte) bool {
	for _, r := range string(text) {
		if r >= 0x80 && (!Printable(r) || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xFEFF) {
			return false
		}
	}
	return utf8.Valid(text)
}

// Printable is yaml.v3's test for a non-ASCII character (readerc.go).
func Printable(r rune) bool {
	return r == 0x85 || (r >= 0xA0 && r <= 0xD7FF) ||
		(r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

func indentOf(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}

// next skips blank and comment lines and returns the next significant
// line, or nil at the end. A tab in a significant line leaves the subset.
func (p *parser) next() *line {
	for p.pos < len(p.lines) {
		l := &p.lines[p.pos]
		if !l.blank() {
			if hasTab(l.text) {
				p.fail = true
				return nil
			}
			return l
		}
		p.pos++
	}
	return nil
}

func hasTab(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\t' {
			return true
		}
	}
	return false
}

// document parses an optional "---" line, one block node at column 1,
// and nothing after it but comments.
func (p *parser) document() (*yaml.Node, bool) {
	first := p.next()
	if first == nil || first.indent != 0 {
		return nil, false
	}
	doc := p.node(yaml.Node{Kind: yaml.DocumentNode, Line: first.num, Column: 1})
	if first.text == "---" || (len(first.text) > 4 && first.text[:4] == "--- " && first.text[4+indentOf(first.text[4:]):][0] == '#') {
		p.pos++
		if l := p.next(); l == nil || l.indent != 0 {
			return nil, false
		}
	}
	root := p.block(-1)
	if root == nil || p.fail || p.next() != nil {
		return nil, false
	}
	p.stack = append(p.stack, root)
	doc.Content = p.children(0)
	return doc, true
}

// block parses the mapping or sequence that starts at the next line, more
// indented than parent; nil when there is none or it leaves the subset.
func (p *parser) block(parent int) *yaml.Node {
	l := p.next()
	if l == nil || l.indent <= parent {
		return nil
	}
	if isEntry(l.rest()) {
		return p.sequence(l.indent, false)
	}
	return p.mapping(l.indent)
}

// isEntry reports whether s starts a block sequence entry: "-" then a
// space or the end of the line.
func isEntry(s string) bool {
	return len(s) > 0 && s[0] == '-' && (len(s) == 1 || s[1] == ' ')
}
