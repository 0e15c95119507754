package render

import (
	"regexp"
	"strconv"
	"strings"
)

// tplAction is one {{ ... }} of a Go template, by byte offsets into its text.
type tplAction struct {
	start, end   int    // the delimiters included
	ltrim, rtrim bool   // {{- and -}}: the whitespace beside it is removed
	body         string // between the delimiters and trim markers, trimmed
}

// scanActions finds the actions of a template the way text/template's lexer
// delimits them: a trim marker is "-" plus a space, comments end at "*/",
// and quoted strings may hold "}}". An action left open ends the scan.
func scanActions(src string) []tplAction {
	var out []tplAction
	for pos := 0; ; {
		i := strings.Index(src[pos:], "{{")
		if i < 0 {
			return out
		}
		a := tplAction{start: pos + i}
		j := a.start + 2
		if len(src) > j+1 && src[j] == '-' && isSpace(src[j+1]) {
			a.ltrim, j = true, j+2
		}
		end := actionEnd(src, j)
		if end < 0 {
			return out
		}
		inner := src[j:end]
		if t := strings.TrimRight(inner, " \t\r\n"); len(t) < len(inner) && strings.HasSuffix(t, "-") {
			a.rtrim, inner = true, t[:len(t)-1]
		}
		a.end, a.body = end+2, strings.TrimSpace(inner)
		out = append(out, a)
		pos = a.end
	}
}

// actionEnd is the offset of the "}}" closing an action whose text starts
// at i, or -1.
func actionEnd(src string, i int) int {
	if k := i + len(src[i:]) - len(strings.TrimLeft(src[i:], " \t\r\n")); strings.HasPrefix(src[k:], "/*") {
		c := strings.Index(src[k+2:], "*/")
		if c < 0 {
			return -1
		}
		e := strings.Index(src[k+2+c:], "}}")
		if e < 0 {
			return -1
		}
		return k + 2 + c + e
	}
	for ; i+1 < len(src); i++ {
		switch src[i] {
		case '"', '\'':
			i = skipQuoted(src, i, src[i])
		case '`':
			if e := strings.IndexByte(src[i+1:], '`'); e >= 0 {
				i += 1 + e
			}
		case '}':
			if src[i+1] == '}' {
				return i
			}
		}
	}
	return -1
}

// skipQuoted returns the offset of the quote closing the string opened at i
// (or of the line's end, where text/template stops an unterminated one).
func skipQuoted(src string, i int, q byte) int {
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case q, '\n':
			return i
		}
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// printing tells whether an action writes text: control keywords, comments
// and variable declarations do not.
func (a *tplAction) printing() bool {
	if strings.HasPrefix(a.body, "/*") || assign.MatchString(a.body) {
		return false
	}
	word, _, _ := strings.Cut(a.body, " ")
	switch strings.TrimSpace(word) {
	case "if", "else", "end", "range", "with", "define", "break", "continue":
		return false
	}
	return true
}

var (
	assign    = regexp.MustCompile(`^\$[\w]*\s*(:=|=)[^=]`)
	strLit    = regexp.MustCompile("\"((?:[^\"\\\\\n]|\\\\.)*)\"|`([^`]*)`")
	indentArg = regexp.MustCompile(`\bn?indent\s+(\d+)`)
)

// literals are the string constants of an action: file names for
// .Files.Get and .Files.Glob, template names for include.
func (a *tplAction) literals() []string {
	var out []string
	for _, m := range strLit.FindAllStringSubmatch(a.body, -1) {
		if m[0][0] == '`' {
			out = append(out, m[2])
		} else if s, err := strconv.Unquote(m[0]); err == nil {
			out = append(out, s)
		}
	}
	return out
}

// indent is the argument of the action's indent or nindent, or -1.
func (a *tplAction) indent() int {
	m := indentArg.FindAllStringSubmatch(a.body, -1)
	if len(m) == 0 {
		return -1
	}
	n, _ := strconv.Atoi(m[len(m)-1][1])
	return n
}

// keyword is the action's first word ("range", "end", "define", ...).
func (a *tplAction) keyword() string {
	word, _, _ := strings.Cut(a.body, " ")
	return word
}
