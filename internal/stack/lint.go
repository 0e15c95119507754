package stack

import (
	"context"
	"errors"
	"fmt"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/report"
	"github.com/meshlint/meshlint/internal/topology"
	"github.com/meshlint/meshlint/internal/validate"
)

// Linted is a lint of a stack with everything placed at its sources.
type Linted struct {
	Result *validate.Result
	// Report holds the findings, input errors, notices and objects in
	// scope; ContextErrors are the input errors of the context directory,
	// shown, not counted.
	Report        *report.Report
	ContextErrors []error
}

// Rules prepares the rules (the catalogue's and those in policyDirs)
// once, for the stacks a command lints.
func Rules(cfg *config.Config, policyDirs []string) (*validate.Validator, error) {
	v, err := validate.New(cfg, policyDirs)
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	return v, nil
}

// Validate runs the rules over objs, and releases their bodies
// (manifest.Object.ReleaseMetadata) once modelled.
func Validate(cfg *config.Config, policyDirs []string, objs []*manifest.Object) (*validate.Result, error) {
	v, err := Rules(cfg, policyDirs)
	if err != nil {
		return nil, err
	}
	return lint(v, objs, true, nil)
}

// lint runs v over objs; with release, their bodies are released once
// modelled (validate.Validator.LintReleasing): for a lint that reads
// nothing of them afterwards but names, first lines and meshlint's own
// annotations.
func lint(v *validate.Validator, objs []*manifest.Object, release bool, p *mesh.Preparer) (*validate.Result, error) {
	var res *validate.Result
	var err error
	if release {
		res, err = v.LintReleasing(context.Background(), objs, p)
	} else {
		res, err = v.Lint(objs)
	}
	if err != nil {
		if rerr := v.Ready(); rerr != nil { // rules from StartRules
			return nil, fmt.Errorf("load policies: %w", rerr)
		}
		return nil, fmt.Errorf("lint: %w", err)
	}
	return res, nil
}

// StartRules is Rules compiling in the background (validate.Start), for
// a command that loads its stack meanwhile: an error of the rules comes
// from Lint.
func StartRules(cfg *config.Config, policyDirs []string) *validate.Validator {
	return validate.Start(cfg, policyDirs)
}

// Lint lints what was loaded with rules v (from Rules or StartRules), and
// releases the loaded objects' bodies once modelled (or as they loaded,
// with Options.Prepared): the stack is not read again but for names,
// first lines and meshlint's own annotations.
func (s *Stack) Lint(v *validate.Validator) (*Linted, error) {
	return s.lintWith(v, true)
}

// LintWith lints what was loaded with prepared rules. Input errors
// (unparsable YAML, charts that do not render, nginx configs the model
// could not parse) come in the report beside the findings: one unreadable
// file must not hide the findings of the others.
func (s *Stack) LintWith(v *validate.Validator) (*Linted, error) {
	return s.lintWith(v, false)
}

func (s *Stack) lintWith(v *validate.Validator, release bool) (*Linted, error) {
	if s.prepared != nil && !release {
		return nil, errors.New("internal error: a stack loaded with Options.Prepared is linted by Stack.Lint, its bodies are gone")
	}
	res, err := lint(v, s.Loaded.Objects, release, s.prepared)
	if err != nil {
		return nil, err
	}
	inputErrs, contextErrs := s.PlaceErrors(append(s.Loaded.Errors, res.Problems...))
	rep := &report.Report{Errors: inputErrs, Notices: s.InputNotices(), Rules: res.Rules}
	out := &Linted{Result: res, Report: rep, ContextErrors: contextErrs}
	rep.Findings = s.Place(res.Findings)
	rep.Suppressed = s.PlaceSuppressed(res.Waived)
	for _, o := range s.Loaded.Objects {
		file, line := s.Source(o.File, o.Line)
		if s.InScope(file) {
			rep.Linted = append(rep.Linted, report.Linted{Ref: o.Ref(), File: file, Line: line})
		}
	}
	rep.Objects = len(rep.Linted)
	return out, nil
}

// Topology builds the model and the tables `report` and `graph` print:
// they show what the rules reason about. errs are the input errors in
// scope, placed at their sources; the tables hold what could be modelled.
func (s *Stack) Topology(cfg *config.Config) (t *topology.Topology, errs []error) {
	m := mesh.Build(s.Loaded.Objects, validate.Settings(cfg))
	errs = s.Loaded.Errors
	for _, p := range m.Problems {
		errs = append(errs, &manifest.Error{File: p.Object.File, Line: p.Line, Msg: p.Msg})
	}
	errs, _ = s.PlaceErrors(errs)
	return s.TopologyOf(m), errs
}

// TopologyOf builds the tables of a model of the stack, every hop's places
// moved to their sources.
func (s *Stack) TopologyOf(m *mesh.Model) *topology.Topology {
	t := topology.Build(m)
	for _, h := range t.Hops {
		for i, p := range h.Via {
			h.Via[i].File, h.Via[i].Line = s.Source(p.File, p.Line)
		}
	}
	return t
}
