package main

import (
	"fmt"
	"io"

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
