package yamledit

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// insertBlock adds t's keys after the last entry of block mapping m, at
// the indentation of its keys.
func (e *editor) insertBlock(m *yaml.Node, t *tree) error {
	indent := m.Content[0].Column - 1
	lines, err := e.block(t, indent)
	if err != nil {
		return err
	}
	end := e.mappingEnd(m, indent)
	e.splices = append(e.splices, e.t.replaceLines(end+1, end+1, lines))
	return nil
}

// mappingEnd returns the last line of block mapping m (keys at indent):
// the line of its last node, then the lines that continue it, which are
// indented deeper (a block scalar, a multi-line flow value) or, for a
// list written at the key's own indentation, start with "- ". Comments
// and blank lines at its end are left to what follows, except inside a
// block scalar, where they are text.
func (e *editor) mappingEnd(m *yaml.Node, indent int) int {
	leaf := lastNode(m)
	inBlock := leaf.Kind == yaml.ScalarNode && leaf.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	lastVal := m.Content[len(m.Content)-1]
	dashes := lastVal.Kind == yaml.SequenceNode && lastVal.Style&yaml.FlowStyle == 0 && lastVal.Column-1 == indent
	end := leaf.Line
	for l := end + 1; l <= e.t.lines(); l++ {
		s := e.t.line(l)
		if blank(s) {
			continue
		}
		ind := indentOf(s)
		rest := s[ind:]
		switch {
		case ind > indent && (inBlock || !strings.HasPrefix(rest, "#")):
			end = l
		case ind > indent:
			// a comment: it belongs to what follows, unless more follows
		case ind == indent && dashes && (rest == "-" || strings.HasPrefix(rest, "- ")):
			end = l
		default:
			return end
		}
	}
	return end
}

// lastNode is the node of n's subtree that starts last in the text.
func lastNode(n *yaml.Node) *yaml.Node {
	best := n
	for _, c := range n.Content {
		if l := lastNode(c); l.Line > best.Line || l.Line == best.Line && l.Column > best.Column {
			best = l
		}
	}
	return best
}

// insertFlow adds t's entries before the closing brace of flow mapping m:
// on the same line, or one per line when m writes one entry per line.
func (e *editor) insertFlow(m *yaml.Node, t *tree) error {
	entries, err := e.flowEntries(t)
	if err != nil {
		return err
	}
	open, err := e.t.offset(m.Line, m.Column)
	if err != nil {
		return err
	}
	if e.t.b[open] != '{' {
		return fmt.Errorf("no flow mapping at line %d", m.Line)
	}
	closing, err := matchClose(e.t.b, open)
	if err != nil {
		return fmt.Errorf("line %d: %w", m.Line, err)
	}
	p := closing - 1
	for p > open && strings.IndexByte(" \t\r\n", e.t.b[p]) >= 0 {
		p--
	}
	var text string
	switch {
	case e.t.b[p] == '{':
		text = strings.Join(entries, ", ")
	case e.t.b[p] == ',':
		text = " " + strings.Join(entries, ", ")
	case m.Content[len(m.Content)-2].Line != m.Line:
		sep := "," + e.t.brk + strings.Repeat(" ", m.Content[len(m.Content)-2].Column-1)
		text = sep + strings.Join(entries, sep)
	default:
		text = ", " + strings.Join(entries, ", ")
	}
	e.splices = append(e.splices, splice{start: p + 1, end: p + 1, text: text})
	return nil
}

// fillBlockNull turns an empty or null value (`key:`, `key: ~`) into a
// block mapping holding t: the null token goes, the keys follow the key's
// line, one step deeper.
func (e *editor) fillBlockNull(at step, t *tree) error {
	k, n := at.key, at.node
	if k == nil {
		return fmt.Errorf("a null that is not a mapping value")
	}
	if err := e.dropNullToken(k, n); err != nil {
		return err
	}
	lines, err := e.block(t, k.Column-1+e.step)
	if err != nil {
		return err
	}
	e.splices = append(e.splices, e.t.replaceLines(k.Line+1, k.Line+1, lines))
	return nil
}

// dropNullToken removes a written null (~, null) and the space before it.
func (e *editor) dropNullToken(k, n *yaml.Node) error {
	if n.Value == "" {
		return nil
	}
	if n.Line != k.Line {
		return fmt.Errorf("a null on its own line (%d)", n.Line)
	}
	start, err := e.t.offset(n.Line, n.Column)
	if err != nil {
		return err
	}
	end := start + len(n.Value)
	if e.t.b[start-1] == ' ' {
		start--
	}
	e.splices = append(e.splices, splice{start: start, end: end})
	return nil
}

// fillFlowNull replaces a written null inside a flow collection by a flow
// mapping holding t.
func (e *editor) fillFlowNull(at step, t *tree) error {
	n := at.node
	if n.Value == "" {
		return fmt.Errorf("line %d: an empty value in a flow mapping, edit it by hand", n.Line)
	}
	entries, err := e.flowEntries(t)
	if err != nil {
		return err
	}
	start, err := e.t.offset(n.Line, n.Column)
	if err != nil {
		return err
	}
	e.splices = append(e.splices, splice{start: start, end: start + len(n.Value), text: "{" + strings.Join(entries, ", ") + "}"})
	return nil
}

// replaceScalar writes value over a one-line scalar (or a null).
func (e *editor) replaceScalar(at step, value any) error {
	text, err := scalarText(value, at.flow, e.json)
	if err != nil {
		return err
	}
	n := at.node
	if isNull(n) && n.Value == "" {
		return e.fillEmpty(at, text)
	}
	start, err := e.t.offset(n.Line, n.Column)
	if err != nil {
		return err
	}
	end, err := e.oneLineEnd(n, start)
	if err != nil {
		return err
	}
	e.splices = append(e.splices, splice{start: start, end: end, text: text})
	return nil
}

// fillEmpty writes text after the colon of `key:`.
func (e *editor) fillEmpty(at step, text string) error {
	if at.key == nil || at.flow {
		return fmt.Errorf("line %d: an empty value outside a block mapping, edit it by hand", at.node.Line)
	}
	colon, err := e.colonAfter(at.key)
	if err != nil {
		return err
	}
	e.splices = append(e.splices, splice{start: colon + 1, end: colon + 1, text: " " + text})
	return nil
}

// colonAfter finds the ':' that ends key k.
func (e *editor) colonAfter(k *yaml.Node) (int, error) {
	start, err := e.t.offset(k.Line, k.Column)
	if err != nil {
		return 0, err
	}
	end, err := e.oneLineEnd(k, start)
	if err != nil {
		return 0, err
	}
	for end < len(e.t.b) && (e.t.b[end] == ' ' || e.t.b[end] == '\t') {
		end++
	}
	if end >= len(e.t.b) || e.t.b[end] != ':' {
		return 0, fmt.Errorf("line %d: no ':' after key %q", k.Line, k.Value)
	}
	return end, nil
}

// oneLineEnd returns where the one-line scalar n, starting at start, ends.
func (e *editor) oneLineEnd(n *yaml.Node, start int) (int, error) {
	b := e.t.b
	var end int
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		end = scanDouble(b, start)
	case n.Style&yaml.SingleQuotedStyle != 0:
		end = scanSingle(b, start)
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return 0, fmt.Errorf("line %d: a block scalar, not a one-line value", n.Line)
	default:
		if !strings.HasPrefix(string(b[start:min(len(b), start+len(n.Value))]), n.Value) {
			return 0, fmt.Errorf("line %d: a multi-line plain scalar, edit it by hand", n.Line)
		}
		end = start + len(n.Value)
	}
	if end < 0 || e.t.lineOf(end-1) != n.Line {
		return 0, fmt.Errorf("line %d: a multi-line quoted scalar, edit it by hand", n.Line)
	}
	return end, nil
}
