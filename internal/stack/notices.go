package stack

import (
	"path/filepath"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/report"
)

// InputNotices are the warning-level notices of a load: each document that
// is not a Kubernetes object (a `Kind:` typo, no apiVersion), and each
// PATH given that yielded no object at all, so neither passes in silence.
// Only what is in scope counts (not the context directory's other YAML).
func (s *Stack) InputNotices() []report.Notice {
	var out []report.Notice
	for _, sk := range s.Loaded.Skipped {
		file, line := s.Source(sk.File, sk.Line)
		if s.InScope(file) {
			out = append(out, report.Notice{File: file, Line: line, Msg: sk.Reason})
		}
	}
	for _, p := range s.paths {
		if !s.yielded(p) {
			out = append(out, report.Notice{File: p, Msg: "no Kubernetes object in this path: nothing here was linted"})
		}
	}
	return out
}

// yielded tells whether the path p led to an object, or to an input error
// (reported already), either in the file as loaded or in the source it was
// rendered from; a kustomization's build counts whatever files its
// objects come from (an overlay's are its bases').
func (s *Stack) yielded(p string) bool {
	if p == "-" {
		return s.loadedFrom(func(file string) bool { return file == "-" })
	}
	root := absPath(p)
	if s.built[root] {
		return true
	}
	return s.loadedFrom(func(file string) bool { return file != "-" && within(root, absPath(file)) })
}

func (s *Stack) loadedFrom(match func(string) bool) bool {
	for _, o := range s.Loaded.Objects {
		src, _ := s.Source(o.File, o.Line)
		if match(o.File) || match(src) {
			return true
		}
		for _, e := range o.Earlier {
			if match(e.File) {
				return true
			}
		}
	}
	for _, err := range s.Loaded.Errors {
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
