package yamledit

import (
	"fmt"
	"strings"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// header is a block scalar's indicator line: `|` or `>`, then an
// indentation digit and a chomping indicator in either order.
type header struct {
	end    int  // offset after the indicators
	digit  int  // 0: auto-detected
	chomp  byte // '-', '+' or 0 (clip)
	indent int  // the content's indentation
}

func (e *editor) readHeader(at step, start int) (header, error) {
	h := header{end: start + 1}
	for h.end < len(e.t.b) {
		c := e.t.b[h.end]
		switch {
		case c == '-' || c == '+':
			h.chomp = c
		case c >= '1' && c <= '9':
			h.digit = int(c - '0')
		default:
			return h, e.blockIndent(at, &h)
		}
		h.end++
	}
	return h, e.blockIndent(at, &h)
}

// blockIndent: the parent's indentation plus the digit, else that of the
// first non-blank content line (YAML 1.2 spec 8.1.1.1).
func (e *editor) blockIndent(at step, h *header) error {
	if h.digit > 0 {
		if at.key == nil {
			return fmt.Errorf("line %d: an indentation indicator outside a mapping", at.node.Line)
		}
		h.indent = at.key.Column - 1 + h.digit
		return nil
	}
	for l := at.node.Line + 1; l <= e.t.lines(); l++ {
		if s := e.t.line(l); !blank(s) {
			h.indent = indentOf(s)
			return nil
		}
	}
	return fmt.Errorf("line %d: an empty block scalar", at.node.Line)
}

// literalDiff maps a line diff of the old and new text onto the block's
// lines: text line i is file line i after the header. ok is false when the
// file's lines are not the text's (then the whole scalar is rewritten).
func (e *editor) literalDiff(at step, start int, s string) ([]splice, bool) {
	n := at.node
	h, err := e.readHeader(at, start)
	if err != nil {
		return nil, false
	}
	old, lines := textLines(n.Value), textLines(s)
	for i, want := range old {
		if e.blockLine(n.Line+1+i, h.indent) != want {
			return nil, false
		}
	}
	var out []splice
	digit, chomp := h.digit, chompOf(s)
	if digit == 0 && needsDigit(lines) {
		if at.key == nil {
			return nil, false
		}
		digit = h.indent - (at.key.Column - 1)
	}
	if digit < 0 || digit > 9 {
		return nil, false
	}
	if digit != h.digit || chomp != h.chomp {
		out = append(out, splice{start: start + 1, end: h.end, text: indicators(digit, chomp)})
	}
	for _, d := range lcs.DiffLines(old, lines) {
		out = append(out, e.t.replaceLines(n.Line+1+d.Start, n.Line+1+d.End, indentLines(lines[d.ReplStart:d.ReplEnd], h.indent)))
	}
	return out, true
}

// blockLine is the text that file line l holds in a block indented by
// indent.
func (e *editor) blockLine(l, indent int) string {
	s := e.t.line(l)
	switch {
	case strings.Trim(s, " ") == "" && len(s) <= indent:
		return ""
	case len(s) < indent || strings.Trim(s[:indent], " ") != "":
		return "\x00" // not a line of this block
	}
	return s[indent:]
}
