package stackdiff

import (
	"fmt"
	"io"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/topology"
)

// Formats lists the names Write accepts; the first is the default.
var Formats = []string{"text", "markdown", "json"}

// Write writes the diff in format. failOn decides which added findings
// the summary counts as failing the change.
func (d *Diff) Write(w io.Writer, format string, failOn finding.Severity) error {
	switch format {
	case "text":
		return d.writeText(w, failOn)
	case "markdown":
		return d.writeMarkdown(w, failOn)
	case "json":
		return d.writeJSON(w, failOn)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// counts is the summary line's numbers.
type counts struct{ changed, added, removed, broken int }

func (d *Diff) hopCounts() counts {
	var c counts
	for _, h := range d.Hops {
		switch h.Change {
		case Changed:
			c.changed++
		case Added:
			c.added++
		case Removed:
			c.removed++
		}
		if h.After != nil && h.After.Class == topology.ClassBroken && (h.Before == nil || h.Before.Class != topology.ClassBroken) {
			c.broken++
		}
	}
	return c
}

// summary is the one line that says what the change does.
func (d *Diff) summary(failOn finding.Severity) string {
	c := d.hopCounts()
	hops := fmt.Sprintf("%s changed, %d added, %d removed", plural(c.changed, "hop"), c.added, c.removed)
	if c.broken > 0 {
		hops += fmt.Sprintf(" (%d broken by it)", c.broken)
	}
	found := fmt.Sprintf("%s added", plural(len(d.Added), "finding"))
	if n := d.Errors(failOn); n > 0 {
		found += fmt.Sprintf(" (%d at or above %s)", n, failOn)
	}
	return fmt.Sprintf("%s; %s, %d fixed; mesh coverage %d%% -> %d%%",
		hops, found, len(d.Fixed), d.Coverage[0].Percent, d.Coverage[1].Percent)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// stateWords is a hop state in the report's words ("none" for no hop).
func stateWords(st *HopState) string {
	if st == nil {
		return "none"
	}
	return st.Label
}

// coverageWords says one side's coverage as the report's scale table does.
func coverageWords(c topology.Coverage, services int) string {
	if services == 0 {
		return "n/a (no Service)"
	}
	var parts []string
	if len(c.Meshed) > 0 {
		parts = append(parts, "meshed: "+strings.Join(c.Meshed, ", "))
	}
	if len(c.NotMeshed) > 0 {
		parts = append(parts, "not meshed: "+strings.Join(c.NotMeshed, ", "))
	}
	return fmt.Sprintf("%d%% (%s)", c.Percent, strings.Join(parts, "; "))
}

// where is a finding's place: file:line, or its object when it has no file.
func where(f finding.Finding) string {
	switch {
	case f.File == "":
		return f.Object.String()
	case f.Line > 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	return f.File
}

// why is what the model says of the hop now, or of the hop removed.
func (h *HopChange) why() string {
	if h.After != nil {
		return h.After.Why
	}
	return h.Before.Why
}
