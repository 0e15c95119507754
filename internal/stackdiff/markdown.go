package stackdiff

import (
	"fmt"
	"io"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
)

// writeMarkdown is the diff as a pull-request comment: a summary line, the
// changed hops as a table and a Mermaid graph (GitHub renders it), the
// findings added and fixed, and the coverage before and after.
func (d *Diff) writeMarkdown(w io.Writer, failOn finding.Severity) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### meshlint diff: `%s` → `%s`\n\n", d.Base, d.Head)
	fmt.Fprintf(&b, "%s %s\n", verdictMark(d, failOn), d.summary(failOn))
	if len(d.Hops) > 0 {
		b.WriteString("\n#### Hops\n\n| change | hop | before | after | why |\n|---|---|---|---|---|\n")
		for _, h := range d.Hops[:min(len(d.Hops), maxRows)] {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", h.Change, cell(h.Name),
				cell(stateWords(h.Before)), cell(stateWords(h.After)), cell(h.why()))
		}
		more(&b, len(d.Hops), "hops")
		b.WriteString("\n")
	}
	if len(d.Hops) > 0 && len(d.graph.Hops) <= maxRows {
		if err := d.WriteMermaid(&b); err != nil {
			return err
		}
	}
	mdFindings(&b, "Findings added", d.Added)
	mdFindings(&b, "Findings fixed", d.Fixed)
	fmt.Fprintf(&b, "\n#### Mesh coverage\n\n| | coverage |\n|---|---|\n| before | %s |\n| after | %s |\n",
		cell(coverageWords(d.Coverage[0], d.Services[0])), cell(coverageWords(d.Coverage[1], d.Services[1])))
	_, err := io.WriteString(w, b.String())
	return err
}

// verdictMark opens the summary: a red mark when the change adds findings
// that fail it, a warning when it leaves a hop broken that was not (a new
// route onto a port an existing finding already names, say: nothing is
// added, yet the change does not fix the trap).
func verdictMark(d *Diff, failOn finding.Severity) string {
	switch {
	case d.Errors(failOn) > 0:
		return ":x:"
	case d.hopCounts().broken > 0:
		return ":warning:"
	}
	return ":white_check_mark:"
}

func mdFindings(b *strings.Builder, title string, fs []finding.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n#### %s\n\n| severity | rule | object | where | message |\n|---|---|---|---|---|\n", title)
	for _, f := range fs[:min(len(fs), maxRows)] {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", f.Severity, f.Rule, cell(f.Object.String()), cell("`"+where(f)+"`"), cell(f.Message))
	}
	more(b, len(fs), "findings")
}

// maxRows bounds each table and the graph: GitHub refuses a comment over
// 65,536 characters, and a mesh-wide change can touch every hop. The text
// and JSON formats list everything.
const maxRows = 50

// more says what a table left out.
func more(b *strings.Builder, n int, what string) {
	if n > maxRows {
		fmt.Fprintf(b, "\n… and %d more %s (`meshlint diff --format text` lists them all)\n", n-maxRows, what)
	}
}

// cell keeps a table cell on one line and its pipes literal.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ").Replace(s)
}
