package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxJSONDepth matches encoding/json's own nesting limit, which its Token
// API does not enforce.
const maxJSONDepth = 10000

// LooksJSON reports whether data starts like JSON: an object or an array,
// which the loader reads as a JSON file or stream.
func LooksJSON(data []byte) bool { return looksJSON(data) }

// looksJSON reports whether data starts like JSON: an object or an array.
func looksJSON(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}

// decodeJSON reads a JSON file: one object or a stream of them, as kubectl
// accepts. We parse JSON with encoding/json, not yaml.v3, because yaml.v3
// rejects valid JSON: a tab before the first token, surrogate pair escapes
// ("\ud83d\ude00"). The nodes it builds carry file lines so that FieldLine
// and TextLine work as for YAML. ok is false on a syntax error.
func decodeJSON(o origin) (out output, ok bool) {
	p := &jsonParser{src: o.src, data: o.src.data, dec: json.NewDecoder(bytes.NewReader(o.src.data))}
	p.dec.UseNumber()
	var b posBuilder
	for {
		tok, at, err := p.next()
		if err == io.EOF {
			return out, true
		}
		var n *yaml.Node
		if err == nil {
			n, err = p.value(tok, at, 0)
		}
		if err != nil {
			line, msg := p.jsonError(err)
			out.fail(o, line, "invalid JSON: "+msg)
			return out, false
		}
		if n.Kind == yaml.SequenceNode {
			out.fail(o, n.Line, "top-level JSON array: a manifest must be an object (use kind: List)")
			continue
		}
		out.addDoc(o, &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{n}}, len(p.data), &b)
	}
}

type jsonParser struct {
	src  *source
	data []byte
	dec  *json.Decoder
	prev int // offset after the previous token
}

// next returns the next token and the offset where it starts.
func (p *jsonParser) next() (json.Token, int, error) {
	tok, err := p.dec.Token()
	at := p.prev
	for at < len(p.data) && strings.IndexByte(" \t\r\n:,", p.data[at]) >= 0 {
		at++
	}
	p.prev = int(p.dec.InputOffset())
	return tok, at, err
}

func (p *jsonParser) value(tok json.Token, at, depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, &posError{p.src.lineOf(at), "nested too deeply"}
	}
	n := p.node(at)
	switch v := tok.(type) {
	case json.Delim:
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
		if v == '[' {
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		}
		return n, p.children(n, depth)
	case string:
		n.Tag, n.Value, n.Style = "!!str", v, yaml.DoubleQuotedStyle
	case json.Number:
		n.Tag, n.Value = "!!int", string(v)
		if strings.ContainsAny(n.Value, ".eE") {
			n.Tag = "!!float"
		}
	case bool:
		n.Tag, n.Value = "!!bool", fmt.Sprint(v)
	default:
		n.Tag, n.Value = "!!null", "null"
	}
	return n, nil
}

// children reads the keys and values, or items, of n up to its closing delimiter.
func (p *jsonParser) children(n *yaml.Node, depth int) error {
	for {
		tok, at, err := p.next()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			return nil
		}
		c, err := p.value(tok, at, depth+1)
		if err != nil {
			return err
		}
		n.Content = append(n.Content, c)
	}
}

// node starts a scalar node at offset at, with yaml.v3's 1-based line and
// rune column.
func (p *jsonParser) node(at int) *yaml.Node {
	line := p.src.lineOf(at)
	start := int(p.src.starts[line-1])
	return &yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: utf8.RuneCount(p.data[start:at]) + 1}
}

// jsonError places a JSON decoding error in the file.
func (p *jsonParser) jsonError(err error) (int, string) {
	var se *json.SyntaxError
	var pe *posError
	switch {
	case errors.As(err, &pe):
		return pe.line, pe.msg
	case errors.As(err, &se):
		return p.src.lineOf(int(se.Offset) - 1), err.Error()
	case errors.Is(err, io.ErrUnexpectedEOF):
		return p.src.lineOf(len(p.data) - 1), "unexpected end of input"
	}
	return p.src.lineOf(p.prev), err.Error()
}
