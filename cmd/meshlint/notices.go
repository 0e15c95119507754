package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/report"
)

// inputNotices are the warning-level notices of a load: each document that
// is not a Kubernetes object (a `Kind:` typo, no apiVersion), and each
// PATH given that yielded no object at all, so neither passes in silence.
// Only what is in scope counts (not the --context directory's other YAML).
func (in *inputs) inputNotices(paths []string) []report.Notice {
	var out []report.Notice
	for _, s := range in.loaded.Skipped {
		file, line := in.source(s.File, s.Line)
		if in.inScope(file) {
			out = append(out, report.Notice{File: file, Line: line, Msg: s.Reason})
		}
	}
	for _, p := range paths {
		if !in.yielded(p) {
			out = append(out, report.Notice{File: p, Msg: "no Kubernetes object in this path: nothing here was linted"})
		}
	}
	return out
}

// yielded tells whether the path p led to an object, or to an input error
// (reported already), either in the file as loaded or in the source it was
// rendered from; a kustomization's build counts whatever files its
// objects come from (an overlay's are its bases').
func (in *inputs) yielded(p string) bool {
	if p == "-" {
		return in.loadedFrom(func(file string) bool { return file == "-" })
	}
	root := absPath(p)
	if in.built[root] {
		return true
	}
	return in.loadedFrom(func(file string) bool { return file != "-" && within(root, absPath(file)) })
}

func (in *inputs) loadedFrom(match func(string) bool) bool {
	for _, o := range in.loaded.Objects {
		src, _ := in.source(o.File, o.Line)
		if match(o.File) || match(src) {
			return true
		}
		for _, e := range o.Earlier {
			if match(e.File) {
				return true
			}
		}
	}
	for _, err := range in.loaded.Errors {
		if me, ok := err.(*manifest.Error); ok && match(me.File) {
			return true
		}
	}
	return false
}

// within tells whether file is root or lies under it.
func within(root, file string) bool {
	return file == root || strings.HasPrefix(file, root+string(filepath.Separator))
}

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
	fmt.Fprintf(w, "explain: %d inputs were not linted (documents that are not Kubernetes objects, PATHs with no object):\n", len(ns))
	printNotices(w, ns)
}
