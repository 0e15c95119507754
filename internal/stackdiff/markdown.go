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
		for _, h := range d.Hops {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", h.Change, cell(h.Name),
				cell(stateWords(h.Before)), cell(stateWords(h.After)), cell(h.why()))
		}
		b.WriteString("\n")
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
// that fail it.
func verdictMark(d *Diff, failOn finding.Severity) string {
	if d.Errors(failOn) > 0 {
		return ":x:"
	}
	return ":white_check_mark:"
}

func mdFindings(b *strings.Builder, title string, fs []finding.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n#### %s\n\n| severity | rule | object | where | message |\n|---|---|---|---|---|\n", title)
	for _, f := range fs {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s |\n", f.Severity, f.Rule, cell(f.Object.String()), cell("`"+where(f)+"`"), cell(f.Message))
	}
}

// cell keeps a table cell on one line and its pipes literal.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\r", " ", "\n", " ").Replace(s)
}
