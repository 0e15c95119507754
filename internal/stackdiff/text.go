package stackdiff

import (
	"fmt"
	"io"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
)

// writeText is the diff for a terminal or a CI log.
func (d *Diff) writeText(w io.Writer, failOn finding.Severity) error {
	var b strings.Builder
	fmt.Fprintf(&b, "meshlint diff %s -> %s\n%s\n", d.Base, d.Head, d.summary(failOn))
	if len(d.Hops) > 0 {
		b.WriteString("\nhops:\n")
	}
	for _, h := range d.Hops {
		fmt.Fprintf(&b, "  %-8s %s: %s -> %s\n", h.Change, h.Name, stateWords(h.Before), stateWords(h.After))
		if why := h.why(); why != "" {
			fmt.Fprintf(&b, "           why: %s\n", why)
		}
	}
	textFindings(&b, "findings added", d.Added)
	textFindings(&b, "findings fixed", d.Fixed)
	fmt.Fprintf(&b, "\nmesh coverage:\n  before: %s\n  after:  %s\n",
		coverageWords(d.Coverage[0], d.Services[0]), coverageWords(d.Coverage[1], d.Services[1]))
	_, err := io.WriteString(w, b.String())
	return err
}

func textFindings(b *strings.Builder, title string, fs []finding.Finding) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n%s:\n", title)
	for _, f := range fs {
		fmt.Fprintf(b, "  %s: %s %s %s: %s\n", where(f), f.Rule, f.Severity, f.Object, f.Message)
	}
}
