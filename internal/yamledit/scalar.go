package yamledit

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// setString replaces the text of the scalar at `at` by s. A literal block
// keeps its lines where they do not change; any other scalar becomes a
// literal block (JSON string inside flow collections, or when a literal
// block cannot hold s).
func (e *editor) setString(at step, s string) error {
	n := at.node
	if n.Kind != yaml.ScalarNode || isNull(n) {
		return fmt.Errorf("not a string but a %s", kindName(n))
	}
	if n.Value == s {
		return nil
	}
	start, err := e.t.offset(n.Line, n.Column)
	if err != nil {
		return err
	}
	if at.flow {
		end, err := e.oneLineEnd(n, start)
		if err != nil {
			return err
		}
		e.splices = append(e.splices, splice{start: start, end: end, text: jsonString(s)})
		return nil
	}
	if n.Style&yaml.LiteralStyle != 0 && literal(s) {
		if ss, ok := e.literalDiff(at, start, s); ok {
			e.splices = append(e.splices, ss...)
			return nil
		}
	}
	return e.rewrite(at, start, s)
}

// rewrite replaces the whole scalar by a literal block, one step deeper
// than its key, keeping a comment that followed it on the header line.
func (e *editor) rewrite(at step, start int, s string) error {
	k := at.key
	if k == nil {
		return fmt.Errorf("line %d: a string that is not a mapping value, edit it by hand", at.node.Line)
	}
	end, last, err := e.scalarEnd(at, start)
	if err != nil {
		return err
	}
	comment := strings.TrimSpace(string(e.t.b[end:e.t.end(last)]))
	if comment != "" && !strings.HasPrefix(comment, "#") {
		return fmt.Errorf("line %d: text after the value", last)
	}
	if hc := e.headerComment(at, start); hc != "" {
		comment = hc
	}
	if !literal(s) {
		text := jsonString(s)
		if comment != "" {
			text += " " + comment
		}
		e.splices = append(e.splices, splice{start: start, end: e.t.end(last), text: text})
		return nil
	}
	lines := textLines(s)
	digit := 0
	if needsDigit(lines) {
		digit = e.step
	}
	text := "|" + indicators(digit, chompOf(s))
	if comment != "" {
		text += " " + comment
	}
	for _, l := range indentLines(lines, k.Column-1+e.step) {
		text += e.t.brk + l
	}
	e.splices = append(e.splices, splice{start: start, end: e.t.end(last), text: text})
	return nil
}

// headerComment is the comment on a block scalar's header line, if any.
func (e *editor) headerComment(at step, start int) string {
	if at.node.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		return ""
	}
	rest := strings.TrimLeft(string(e.t.b[start+1:e.t.end(at.node.Line)]), "-+123456789")
	return strings.TrimSpace(rest)
}

// scalarEnd returns where a scalar in block context ends and its last
// line. Content lines of a block scalar and continuation lines of a plain
// one are indented deeper than their key.
func (e *editor) scalarEnd(at step, start int) (int, int, error) {
	n, keyIndent := at.node, at.key.Column-1
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0, n.Style&yaml.SingleQuotedStyle != 0:
		end := scanDouble(e.t.b, start)
		if n.Style&yaml.SingleQuotedStyle != 0 {
			end = scanSingle(e.t.b, start)
		}
		if end < 0 {
			return 0, 0, fmt.Errorf("line %d: unterminated quote", n.Line)
		}
		return end, e.t.lineOf(end - 1), nil
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		end, last := e.t.end(n.Line), n.Line
		for l := n.Line + 1; l <= e.t.lines(); l++ {
			if s := e.t.line(l); !blank(s) {
				if indentOf(s) <= keyIndent {
					break
				}
				end, last = e.t.end(l), l
			}
		}
		return end, last, nil
	}
	end, last := start+len(plainPart(string(e.t.b[start:e.t.end(n.Line)]))), n.Line
	for l := n.Line + 1; l <= e.t.lines(); l++ {
		s := e.t.line(l)
		if blank(s) {
			continue
		}
		if indentOf(s) <= keyIndent || strings.HasPrefix(strings.TrimLeft(s, " "), "#") {
			break
		}
		end, last = e.t.start(l)+len(plainPart(s)), l
	}
	return end, last, nil
}

// plainPart is a line of a plain scalar without its comment and trailing
// blanks.
func plainPart(s string) string {
	if i := strings.Index(s, " #"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, " \t")
}

// textLines splits a string into lines; a final line break ends the last
// line rather than starting a new one.
func textLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if strings.HasSuffix(s, "\n") {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func indentLines(lines []string, indent int) []string {
	out := make([]string, len(lines))
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		if l != "" {
			out[i] = pad + l
		}
	}
	return out
}

// chompOf is the chomping indicator that keeps s's final line breaks.
func chompOf(s string) byte {
	switch {
	case !strings.HasSuffix(s, "\n"):
		return '-'
	case strings.HasSuffix(s, "\n\n"):
		return '+'
	}
	return 0
}

func indicators(digit int, chomp byte) string {
	out := ""
	if digit > 0 {
		out = strconv.Itoa(digit)
	}
	if chomp != 0 {
		out += string(chomp)
	}
	return out
}

// needsDigit: indentation is detected from the first non-empty line, so a
// text whose first such line starts with a space needs it written.
func needsDigit(lines []string) bool {
	for _, l := range lines {
		if l != "" {
			return l[0] == ' '
		}
	}
	return false
}

// literal reports whether a literal block can hold s: printable text,
// tabs and line feeds (YAML 1.2 spec 5.1 c-printable; the breaks other
// than LF would read back as LF).
func literal(s string) bool {
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 && r != 0x85:
			return false
		case r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffd:
			return false
		}
	}
	return true
}
