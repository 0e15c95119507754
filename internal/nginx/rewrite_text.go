package nginx

import (
	"fmt"
	"sort"
	"strings"
)

// The byte-level side of the rewriter: offsets from positions, and edits
// that touch only the bytes they must, so comments, order, quoting and
// formatting elsewhere stay as written.

// textEdit replaces src[start:end] with text.
type textEdit struct {
	start, end int
	text       string
}

// srcText is one config text with its line starts, to turn the parser's
// positions (1-based line, byte column; lines end at LF as in nginx) into
// offsets.
type srcText struct {
	src   string
	lines []int
}

func newSrcText(src string) *srcText {
	t := &srcText{src: src, lines: []int{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

func (t *srcText) off(p Pos) int { return t.lines[p.Line-1] + int(p.Col) - 1 }

// lineStart and lineEnd bound the line holding offset o (lineEnd is the
// offset of its LF, or len(src)).
func (t *srcText) lineStart(o int) int { return strings.LastIndexByte(t.src[:o], '\n') + 1 }

func (t *srcText) lineEnd(o int) int {
	if i := strings.IndexByte(t.src[o:], '\n'); i >= 0 {
		return o + i
	}
	return len(t.src)
}

// newline is the line ending the text uses (CRLF texts keep CRLF).
func (t *srcText) newline() string {
	if i := strings.IndexByte(t.src, '\n'); i > 0 && t.src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// span is the text of a directive, from its name to its ";" or "}".
func (t *srcText) span(d *Directive) (int, int) { return t.off(d.Pos), t.off(d.End) + 1 }

// indentOf is the white space before d when d starts its line, else "".
func (t *srcText) indentOf(d *Directive) (string, bool) {
	o := t.off(d.Pos)
	lead := t.src[t.lineStart(o):o]
	if strings.TrimLeft(lead, " \t") != "" {
		return "", false
	}
	return lead, true
}

// restIsBlank reports whether the line after offset o holds nothing but
// white space or a comment (a "#" where a word would start, as nginx reads it).
func (t *srcText) restIsBlank(o int) bool {
	rest := strings.TrimLeft(t.src[o:t.lineEnd(o)], " \t\r")
	return rest == "" || rest[0] == '#'
}

// insertAfter returns the edit that adds lines after the statement ending
// at offset end (just past its ";" or "{"): on lines of their own with
// indent when the rest of that line is blank, else on the same line.
func (t *srcText) insertAfter(end int, indent string, lines []string) textEdit {
	if !t.restIsBlank(end) {
		return textEdit{end, end, " " + strings.Join(lines, " ")}
	}
	nl, at := t.newline(), t.lineEnd(end)
	var b strings.Builder
	if at == len(t.src) {
		for _, l := range lines {
			b.WriteString(nl + indent + l)
		}
		return textEdit{at, at, b.String()}
	}
	for _, l := range lines {
		b.WriteString(indent + l + nl)
	}
	return textEdit{at + 1, at + 1, b.String()}
}

// deleteDirective removes d: its whole line when d is alone on it (a
// comment after it goes too), else only d and the blanks after it.
func (t *srcText) deleteDirective(d *Directive) textEdit {
	start, end := t.span(d)
	ls, le := t.lineStart(start), t.lineEnd(end)
	if strings.TrimLeft(t.src[ls:start], " \t") == "" && t.restIsBlank(end) {
		if le < len(t.src) {
			le++
		}
		return textEdit{ls, le, ""}
	}
	for end < len(t.src) && (t.src[end] == ' ' || t.src[end] == '\t') {
		end++
	}
	return textEdit{start, end, ""}
}

// setArg replaces the i-th argument of d, keeping its quotes if it had any.
func (t *srcText) setArg(d *Directive, i int, value string) textEdit {
	w := d.Words[i]
	o := t.off(w.At)
	if w.Quoted {
		q := w.Raw[:1]
		value = q + value + q
	}
	return textEdit{o, o + len(w.Raw), value}
}

// applyEdits applies non-overlapping edits; identical duplicates (the same
// edit asked twice) count once.
func applyEdits(src string, edits []textEdit) (string, error) {
	es := append([]textEdit(nil), edits...)
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].start != es[j].start {
			return es[i].start < es[j].start
		}
		return es[i].end < es[j].end
	})
	var b strings.Builder
	last := 0
	for i, e := range es {
		if i > 0 && e == es[i-1] {
			continue
		}
		if e.start < last {
			return "", fmt.Errorf("overlapping edits at byte %d", e.start)
		}
		b.WriteString(src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.WriteString(src[last:])
	return b.String(), nil
}

// reindent prepares an included text to stand in place of its include
// directive: blank lines around it dropped, its common indentation replaced
// by indent on every line but the first (which takes the include's place).
func reindent(text, indent, nl string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	common := commonIndent(lines)
	for i, l := range lines {
		switch {
		case strings.TrimSpace(l) == "":
			lines[i] = ""
		case i == 0:
			lines[i] = l[len(common):]
		default:
			lines[i] = indent + l[len(common):]
		}
	}
	return strings.Join(lines, nl)
}

func commonIndent(lines []string) string {
	common, first := "", true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ind := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			common, first = ind, false
			continue
		}
		for !strings.HasPrefix(ind, common) {
			common = common[:len(common)-1]
		}
	}
	return common
}
