package report

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Text writes findings for people: one block per finding, in file order,
// each starting with file:line so editors and terminals can jump to it.
// Colors only when w is a terminal, so pipes and CI logs stay plain.
type Text struct {
	NoColor bool   // same as Color "never"
	Color   string // ColorAuto ("" too): colors on a terminal; ColorAlways; ColorNever
	Quiet   bool   // the summary line only
}

// ANSI SGR sequences.
const (
	reset  = "\x1b[0m"
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[1;31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
)

// Format implements Formatter.
func (t *Text) Format(w io.Writer, r *Report) error {
	if t.Quiet {
		_, err := io.WriteString(w, summaryLine(r)+"\n")
		return err
	}
	p := painter(t.colored(w))
	var b strings.Builder
	prev := ""
	for i, f := range r.Findings {
		if i > 0 {
			b.WriteString("\n")
			if f.File != prev { // a second blank line marks a new file
				b.WriteString("\n")
			}
		}
		prev = f.File
		writeFinding(&b, p, f)
	}
	if len(r.Findings) > 0 {
		b.WriteString("\n")
	}
	b.WriteString(summaryLine(r) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeFinding(b *strings.Builder, p painter, f finding.Finding) {
	if f.File == "" { // read from a cluster: the object is the location
		fmt.Fprintf(b, "%s  %s  %s %s\n", f.Object, p.severity(f.Severity), p.paint(bold, f.Rule), f.Name)
	} else {
		fmt.Fprintf(b, "%s  %s  %s %s  %s\n", location(f), p.severity(f.Severity),
			p.paint(bold, f.Rule), f.Name, f.Object)
	}
	indent(b, "    ", "    ", f.Message)
	if f.Remediation != "" {
		indent(b, "    fix: ", "         ", f.Remediation)
	}
	if len(f.Related) > 0 {
		refs := make([]string, len(f.Related))
		for i, r := range f.Related {
			refs[i] = r.String()
		}
		b.WriteString(p.paint(dim, "    related: "+strings.Join(refs, ", ")) + "\n")
	}
}

// location quotes a file name with control characters in it (a newline
// would split the line that editors and terminals jump from).
func location(f finding.Finding) string {
	if f.Line > 0 {
		return manifest.QuoteName(f.File) + ":" + strconv.Itoa(f.Line)
	}
	return manifest.QuoteName(f.File)
}

// indent writes text with first before its first line and rest before the
// others, so multi-line remediations (YAML snippets) keep their shape.
func indent(b *strings.Builder, first, rest, text string) {
	for i, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		prefix := rest
		if i == 0 {
			prefix = first
		}
		b.WriteString(strings.TrimRight(prefix+line, " ") + "\n")
	}
}

func summaryLine(r *Report) string {
	s := r.Summarize()
	line := fmt.Sprintf("%s, %s, %d info in %s", plural(s.Error, "error"), plural(s.Warning, "warning"),
		s.Info, plural(r.Objects, "object"))
	if len(r.Suppressed) > 0 {
		line += " (" + suppressedWords(r.Suppressed) + ")"
	}
	if n := len(r.Errors); n > 0 {
		line += "; " + plural(n, "input error")
	}
	if n := len(r.Notices); n > 0 {
		line += "; " + plural(n, "input notice")
	}
	return line
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// colored tells whether to paint what goes to w.
func (t *Text) colored(w io.Writer) bool {
	switch {
	case t.NoColor || t.Color == ColorNever:
		return false
	case t.Color == ColorAlways:
		return true
	}
	return isTerminal(w)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// painter wraps text in ANSI colors when on.
type painter bool

func (p painter) paint(code, s string) string {
	if !p {
		return s
	}
	return code + s + reset
}

// severity pads before coloring so columns line up either way.
func (p painter) severity(s finding.Severity) string {
	word := fmt.Sprintf("%-7s", strings.ToUpper(s.String()))
	switch s {
	case finding.Error:
		return p.paint(red, word)
	case finding.Warning:
		return p.paint(yellow, word)
	}
	return p.paint(cyan, word)
}
