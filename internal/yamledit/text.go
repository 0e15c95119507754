package yamledit

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// text is a file's bytes with a line index. Line breaks are those yaml.v3
// counts (it ports libyaml): LF, CRLF, a lone CR, NEL, LS and PS, so that
// its node lines and ours agree.
type text struct {
	b      []byte
	starts []int  // byte offset of each line; starts[0] is line 1
	brk    string // the break new lines get: the file's first one
}

func newText(b []byte) *text {
	t := &text{b: b, starts: []int{0}}
	for i := 0; i < len(b); {
		n := breakLen(b, i)
		if n == 0 {
			i++
			continue
		}
		if t.brk == "" {
			t.brk = string(b[i : i+n])
		}
		i += n
		if i < len(b) {
			t.starts = append(t.starts, i)
		}
	}
	if t.brk == "" || t.brk != "\r\n" && t.brk != "\r" {
		t.brk = "\n"
	}
	return t
}

// breakLen returns the length of the line break at b[i], or 0.
func breakLen(b []byte, i int) int {
	switch {
	case b[i] == '\n':
		return 1
	case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
		return 2
	case b[i] == '\r':
		return 1
	case bytes.HasPrefix(b[i:], []byte("\u0085")):
		return 2
	case bytes.HasPrefix(b[i:], []byte("\u2028")), bytes.HasPrefix(b[i:], []byte("\u2029")):
		return 3
	}
	return 0
}

func (t *text) lines() int { return len(t.starts) }

// start returns the offset of line n (1-based); past the last line, the
// end of the file.
func (t *text) start(n int) int {
	if n > len(t.starts) {
		return len(t.b)
	}
	return t.starts[n-1]
}

// end returns the offset where the content of line n ends, before its
// break.
func (t *text) end(n int) int {
	i := t.start(n)
	for i < len(t.b) && breakLen(t.b, i) == 0 {
		i++
	}
	return i
}

// line returns the content of line n without its break.
func (t *text) line(n int) string {
	if n < 1 || n > len(t.starts) {
		return ""
	}
	return string(t.b[t.start(n):t.end(n)])
}

// lineOf returns the line holding offset off.
func (t *text) lineOf(off int) int { return sort.SearchInts(t.starts, off+1) }

// offset converts a yaml.v3 position (1-based line, 1-based column in
// characters) to a byte offset.
func (t *text) offset(line, col int) (int, error) {
	if line < 1 || line > len(t.starts) {
		return 0, fmt.Errorf("line %d is not in the file", line)
	}
	i, end := t.start(line), t.end(line)
	for c := 1; c < col; c++ {
		if i >= end {
			return 0, fmt.Errorf("column %d is past the end of line %d", col, line)
		}
		_, n := utf8.DecodeRune(t.b[i:end])
		i += n
	}
	return i, nil
}

// endsWithBreak reports whether the last line has a break.
func (t *text) endsWithBreak() bool {
	n := len(t.starts)
	return t.end(n) < len(t.b)
}

// replaceLines is the splice that replaces lines a..b-1 (b > a deletes,
// b == a inserts before line a) by lines, each ended by the file's break.
// Through the end of a file without a final break, the result has none
// either.
func (t *text) replaceLines(a, b int, lines []string) splice {
	s := splice{start: t.start(a), end: t.start(b)}
	body := ""
	for _, l := range lines {
		body += l + t.brk
	}
	if b > t.lines() && !t.endsWithBreak() && len(lines) > 0 {
		body = strings.TrimSuffix(body, t.brk)
		if a > t.lines() {
			body = t.brk + body // after the last line's missing break
		}
	}
	s.text = body
	return s
}

// indentOf counts the spaces that start a line.
func indentOf(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// blank reports whether a line holds only spaces and tabs.
func blank(line string) bool { return strings.Trim(line, " \t") == "" }

// splice replaces b[start:end] by text.
type splice struct {
	start, end int
	text       string
}

// applySplices applies non-overlapping splices; insertions at one offset
// keep their order.
func applySplices(b []byte, ss []splice) ([]byte, error) {
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].start < ss[j].start })
	var out bytes.Buffer
	at := 0
	for _, s := range ss {
		if s.start < at || s.end < s.start || s.end > len(b) {
			return nil, fmt.Errorf("overlapping edits at byte %d", s.start)
		}
		out.Write(b[at:s.start])
		out.WriteString(s.text)
		at = s.end
	}
	out.Write(b[at:])
	return out.Bytes(), nil
}
