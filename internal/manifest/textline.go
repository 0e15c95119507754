package manifest

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// TextLine returns the file line of line innerLine (1-based) of the string
// at path, a field holding multi-line text such as a ConfigMap's nginx.conf.
// Lines past the end of the text map to its last line; when path is not a
// scalar it returns FieldLine(path...).
//
//   - Literal block scalars (|, |-, |+, |2): exact. Text line i is source line
//     i after the indicator line, leading blank lines included.
//   - Folded block scalars (>): exact by YAML's folding rules. A text line
//     may be several source lines joined; we return the first.
//   - Quoted and plain scalars: a "\n" escape stays on its physical line;
//     real line breaks fold to a space unless blank lines follow, each
//     of which is one newline (YAML 1.2 spec 6.5, "line folding").
//   - JSON strings are always on one line.
func (o *Object) TextLine(path []string, innerLine int) int {
	n, line, ok := o.find(path)
	if !ok || n.kind != posScalar || o.src == nil {
		return line
	}
	innerLine = max(innerLine, 1)
	style := yaml.Style(n.style)
	switch {
	case n.lines == 0: // an empty value
		return int(n.line)
	case style&yaml.LiteralStyle != 0:
		if line := int(n.line) + min(innerLine, int(n.lines)); o.src.line(line) != nil {
			return line
		}
		return int(n.line)
	case style&yaml.FoldedStyle != 0:
		return foldedLine(o.src, n, innerLine)
	case style&yaml.DoubleQuotedStyle != 0:
		return flowLine(o.src, n, innerLine, '"')
	case style&yaml.SingleQuotedStyle != 0:
		return flowLine(o.src, n, innerLine, '\'')
	}
	return flowLine(o.src, n, innerLine, 0)
}

// textLines counts the lines of s; a final newline ends a line rather than
// starting one.
func textLines(s string) int {
	n := strings.Count(s, "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		n++
	}
	return max(n, 1)
}

// foldedLine walks a folded block scalar: lines of equal indentation fold
// into one, k blank lines between them make k newlines, and lines that are
// more indented keep their breaks (k+1 newlines).
func foldedLine(src *source, n *posNode, inner int) int {
	indent, c, pend, prevMore, last := -1, 0, 0, false, int(n.line)
	for line := last + 1; ; line++ {
		text := src.line(line)
		if text == nil {
			return last
		}
		if !significantText(text) {
			pend++
			continue
		}
		ind := len(text) - len(strings.TrimLeft(string(text), " "))
		if indent < 0 {
			indent = ind
		}
		if ind < indent {
			return last
		}
		more := ind > indent || text[ind] == '\t'
		switch {
		case c == 0:
			c = 1 + pend
		case more || prevMore:
			c += pend + 1
		default:
			c += pend
		}
		if c >= inner {
			return line - (c - inner)
		}
		pend, prevMore, last = 0, more, line
	}
}

// flowLine walks a quoted (q is the quote) or plain (q is 0) scalar from its
// first character, counting "\n" escapes and blank lines.
func flowLine(src *source, n *posNode, inner int, q byte) int {
	inner = min(inner, int(n.lines))
	line := int(n.line)
	text := src.line(line)
	i := runeOffset(text, int(n.col)-1)
	if q != 0 {
		for i < len(text) && text[i] != q {
			i++
		}
		i++
	}
	for c := 1; c < inner; {
		for ; i < len(text); i++ {
			switch ch := text[i]; {
			case q == '"' && ch == '\\':
				if i+1 < len(text) && text[i+1] == 'n' {
					if c++; c == inner {
						return line
					}
				}
				i++
			case q == '\'' && ch == '\'' && i+1 < len(text) && text[i+1] == '\'':
				i++
			case q != 0 && ch == q:
				return line
			}
		}
		k := 0
		for line++; ; line++ {
			if text = src.line(line); text == nil {
				return line - 1
			}
			if significantText(text) {
				break
			}
			k++
		}
		if c += k; c >= inner {
			return line - (c - inner)
		}
		i = 0
	}
	return line
}

// significantText reports whether a line holds more than spaces and tabs.
func significantText(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return true
		}
	}
	return false
}

// runeOffset returns the byte offset of the col'th rune (0-based) of b.
func runeOffset(b []byte, col int) int {
	i := 0
	for ; col > 0 && i < len(b); col-- {
		_, n := utf8.DecodeRune(b[i:])
		i += n
	}
	return i
}
