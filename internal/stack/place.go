package stack

import (
	"errors"
	"path/filepath"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Source maps a position in what was loaded to the file the user edits.
func (s *Stack) Source(file string, line int) (string, int) {
	pos, _ := s.Sources.Resolve(file, line)
	return pos.File, pos.Line
}

// InScope tells whether a finding or error at file is reported.
func (s *Stack) InScope(file string) bool {
	if s.scope == nil {
		return true
	}
	abs := absPath(file)
	for p := abs; ; p = filepath.Dir(p) {
		if s.scope[p] {
			return true
		}
		if filepath.Dir(p) == p {
			return false
		}
	}
}

// Place moves findings to their sources and keeps those in scope.
func (s *Stack) Place(fs []finding.Finding) []finding.Finding {
	out := fs[:0]
	for _, f := range fs {
		f.File, f.Line = s.Source(f.File, f.Line)
		if s.InScope(f.File) {
			out = append(out, f)
		}
	}
	return finding.Sort(out)
}

// PlaceErrors moves input errors to their sources. Errors outside the
// scope (in context files) come back apart: they are shown, not counted.
func (s *Stack) PlaceErrors(errs []error) (kept, context []error) {
	for _, err := range errs {
		var me *manifest.Error
		if errors.As(err, &me) {
			file, line := s.Source(me.File, me.Line)
			err = &manifest.Error{File: file, Line: line, Msg: me.Msg}
			if !s.InScope(file) {
				context = append(context, err)
				continue
			}
		}
		kept = append(kept, err)
	}
	return kept, context
}

// inputError keeps an error that already names its file, else names dir.
func inputError(dir string, err error) error {
	var me *manifest.Error
	if errors.As(err, &me) {
		return me
	}
	return &manifest.Error{File: dir, Msg: err.Error()}
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}
