package render

import (
	"sort"
	"strings"
)

// srcLine is one line of a template (or of a chart file) as far as rendered
// text can be traced back to it.
type srcLine struct {
	linePattern
	prints   bool     // an action on it writes text, or text sits between its actions
	spills   bool     // its output may run on over the following rendered lines
	indent   int      // argument of its last printing action's (n)indent, or -1
	literals []string // string constants of the actions starting on it
	files    bool     // an action on it reads .Files
}

// tmpl is a template split into lines, with its range blocks (repeated
// output) and the named templates it defines.
type tmpl struct {
	lines   []srcLine
	ranges  [][2]int          // first and last line (0-based) of each range block
	defines map[string]string // define name -> body text
}

// parseTemplate reads src line by line. With loose set, lines match
// rendered lines whatever their indentation (for chart files inserted with
// indent or nindent; callers trim the rendered lines).
func parseTemplate(src string, loose bool) *tmpl {
	acts := scanActions(src)
	starts := srcLineStarts(src)
	t := &tmpl{lines: make([]srcLine, len(starts)), defines: map[string]string{}}
	t.blocks(src, acts, starts)
	k := 0 // first action not ending before the current line
	for l, ls := range starts {
		le := srcLineEnd(src, starts, l)
		for k < len(acts) && acts[k].end <= ls {
			k++
		}
		var on []tplAction
		for x := k; x < len(acts) && acts[x].start < le; x++ {
			on = append(on, acts[x])
		}
		var before, after *tplAction
		if k > 0 {
			before = &acts[k-1]
		}
		if x := k + len(on); x < len(acts) {
			after = &acts[x]
		}
		sl := srcLine{indent: -1}
		if len(on) == 0 {
			sl.linePattern = literalLine(src, ls, le, before, after)
		} else {
			sl = actionLine(src, ls, le, on, before)
		}
		if loose {
			sl.linePattern = sl.linePattern.loosened()
		}
		t.lines[l] = sl
	}
	return t
}

// literalLine is a line without actions. A neighbour's trim marker joins it
// to the line before ({{ ... -}} above) or after ({{- ... }} below); the
// text after {{- usually starts with a newline, so the line stays whole.
func literalLine(src string, ls, le int, before, after *tplAction) linePattern {
	text := src[ls:le]
	body := strings.TrimLeft(text, " \t\r")
	joinStart := before != nil && before.rtrim && isBlank(src[before.end:ls+len(text)-len(body)])
	joinEnd := after != nil && after.ltrim && isBlank(src[le:after.start])
	switch {
	case body == "" && (joinStart || joinEnd):
		return linePattern{}
	case joinStart:
		return openLinePattern("", body)
	case joinEnd:
		p := openLinePattern(strings.TrimRight(text, " \t\r"), "")
		p.whole, p.hasWhole = strings.TrimRight(text, " \t\r"), true
		return p
	}
	return linePattern{whole: text, hasWhole: true}
}

// actionLine is a line holding actions: rendered lines start with the text
// before the first and end with the text after the last, unless a trim
// marker joins the line to a neighbour.
func actionLine(src string, ls, le int, on []tplAction, before *tplAction) srcLine {
	sl := srcLine{indent: -1}
	first, last := on[0], on[len(on)-1]
	var prefix, suffix string
	if first.start >= ls {
		prefix = src[ls:first.start]
		if first.ltrim {
			prefix = strings.TrimRight(prefix, " \t\r")
		}
		lead := len(prefix) - len(strings.TrimLeft(prefix, " \t\r"))
		if before != nil && before.end <= ls && before.rtrim && isBlank(src[before.end:ls+lead]) {
			prefix = ""
		}
	}
	if last.end <= le {
		suffix = src[last.end:le]
		if last.rtrim {
			suffix = strings.TrimLeft(suffix, " \t\r")
		}
	}
	sl.linePattern = openLinePattern(prefix, suffix)
	for x, a := range on {
		if a.start < ls {
			continue
		}
		sl.literals = append(sl.literals, a.literals()...)
		sl.files = sl.files || strings.Contains(a.body, ".Files")
		if a.printing() {
			sl.prints, sl.indent = true, a.indent()
			sl.spills = x == len(on)-1 && strings.TrimSpace(suffix) == ""
		}
		if x > 0 && on[x-1].end <= a.start && !isBlank(src[on[x-1].end:a.start]) {
			sl.prints = true
		}
	}
	return sl
}

func openLinePattern(prefix, suffix string) linePattern {
	p := linePattern{prefix: prefix, suffix: suffix}
	p.open = strings.TrimSpace(prefix+suffix) != ""
	return p
}

// loosened ignores indentation and trailing blanks.
func (p linePattern) loosened() linePattern {
	p.whole = strings.TrimSpace(p.whole)
	p.prefix = strings.TrimLeft(p.prefix, " \t\r")
	p.suffix = strings.TrimRight(p.suffix, " \t\r")
	return p
}

// blocks records the range blocks and define bodies of a template.
func (t *tmpl) blocks(src string, acts []tplAction, starts []int) {
	type open struct {
		kw string
		at int // index in acts
	}
	var stack []open
	for x, a := range acts {
		switch kw := a.keyword(); kw {
		case "if", "range", "with", "define", "block":
			stack = append(stack, open{kw, x})
		case "end":
			if len(stack) == 0 {
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			head := acts[o.at]
			switch o.kw {
			case "range":
				t.ranges = append(t.ranges, [2]int{srcLineOf(starts, head.start), srcLineOf(starts, a.start)})
			case "define":
				if lits := head.literals(); len(lits) > 0 {
					t.defines[lits[0]] += src[head.end:a.start]
				}
			}
		}
	}
}

// lineStarts are the offsets of the lines of src; a final newline ends the
// last line rather than starting an empty one.
func srcLineStarts(src string) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineEnd is the offset of line l's newline (or of the end of src).
func srcLineEnd(src string, starts []int, l int) int {
	if l+1 < len(starts) {
		return starts[l+1] - 1
	}
	return len(strings.TrimSuffix(src, "\n"))
}

// lineOf is the 0-based line holding offset off.
func srcLineOf(starts []int, off int) int {
	return sort.SearchInts(starts, off+1) - 1
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// splitLines cuts rendered text into lines as lineStarts does.
func renderedLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}
