package stack

import "github.com/meshlint/meshlint/internal/finding"

// PlaceSuppressed moves suppressed findings (and the annotations that
// waived them) to their sources and keeps those in scope, as Place does
// for findings: a waiver in a context file is not this run's to count.
func (s *Stack) PlaceSuppressed(ss []finding.Suppressed) []finding.Suppressed {
	var out []finding.Suppressed
	for _, w := range ss {
		w.Finding.File, w.Finding.Line = s.Source(w.Finding.File, w.Finding.Line)
		if !s.InScope(w.Finding.File) {
			continue
		}
		if w.By == finding.ByAnnotation {
			w.File, w.Line = s.Source(w.File, w.Line)
		}
		out = append(out, w)
	}
	return finding.SortSuppressed(out)
}
