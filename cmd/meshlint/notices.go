package main

import (
	"fmt"
	"io"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/report"
)

// printNotices writes notices on standard error the way compilers write
// warnings: file:line: warning: message.
func printNotices(w io.Writer, ns []report.Notice) {
	for _, n := range ns {
		loc := manifest.QuoteName(n.File)
		if n.Line > 0 {
			loc = fmt.Sprintf("%s:%d", loc, n.Line)
		}
		fmt.Fprintf(w, "%s: warning: %s\n", loc, n.Msg)
	}
}

// explainNotices repeats, for --explain, what the notices left unlinted.
func explainNotices(w io.Writer, ns []report.Notice) {
	if len(ns) == 0 {
		return
	}
	fmt.Fprintf(w, "explain: %d inputs were not linted (documents that are not Kubernetes objects, files of a walk that are not manifests, PATHs with no object):\n", len(ns))
	printNotices(w, ns)
}

// explainSuppressed lists, for --explain, the findings that a config
// ignore or an ignore annotation waived, and by what.
func explainSuppressed(w io.Writer, ss []finding.Suppressed) {
	if len(ss) == 0 {
		return
	}
	fmt.Fprintf(w, "explain: %d findings were suppressed:\n", len(ss))
	for _, s := range ss {
		f := s.Finding
		loc := f.Object.String()
		if f.File != "" {
			loc = manifest.QuoteName(f.File)
			if f.Line > 0 {
				loc = fmt.Sprintf("%s:%d", loc, f.Line)
			}
			loc += ": " + f.Object.String()
		}
		fmt.Fprintf(w, "%s: %s %s: %s\n", loc, f.Rule, f.Name, waiver(s))
	}
}

// waiver says what waived a finding: "by .meshlint.yaml:12 (reason)" or
// "by annotation meshlint.io/ignore".
func waiver(s finding.Suppressed) string {
	if s.By == finding.ByAnnotation {
		return "by annotation " + finding.IgnoreAnnotation
	}
	where := manifest.QuoteName(s.File)
	if s.Line > 0 {
		where = fmt.Sprintf("%s:%d", where, s.Line)
	}
	return fmt.Sprintf("by %s (%s)", where, s.Reason)
}
