package admission

import (
	"errors"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/validate"
)

// verdict answers with the findings that after has and before lacks: a
// violation that exists already never blocks a change, and one that a
// change introduces anywhere in its scope does, even on another object (a
// DELETE leaves others exposed). See finding.Added for what "lacks" means.
//
// Rules off are dropped by validate already (config.Severity), as are
// findings suppressed by an ignore of the config. The meshlint.io/ignore
// annotation counts only as the webhook's config allows (ignore.go), on
// the object a finding is on or on the object under review (its new
// version; on DELETE, its last), whose annotation also covers the
// findings its change brings onto other objects; each rule so waived is
// in Verdict.Ignored. Then an error of a rule in enforce mode denies; an
// error in warn mode and a warning warn; info is left to the CLI, for the
// API server's warning budget is small.
func (e *Engine) verdict(c *change, s states, rb, ra *validate.Result) Verdict {
	w := e.newWaiver(c, s.after)
	added := newFindings(rb.Findings, ra.Findings)
	brought := map[finding.ID]bool{} // new even with every waived finding of the state before counted
	for _, f := range added {
		brought[f.ID()] = true
	}
	if unwaived := e.unwaived(s.before, rb.Findings); len(unwaived) < len(rb.Findings) {
		added = newFindings(unwaived, ra.Findings) // unwaived only drops: of the same length, it is the same list
	}
	var errs, warns []finding.Finding
	for _, f := range added {
		switch {
		case w.waives(&f):
			if brought[f.ID()] {
				w.use(f.Rule)
			}
		case f.Severity == finding.Error && e.cfg.AdmissionMode(f.Rule) == config.ModeEnforce:
			errs = append(errs, f)
		case f.Severity >= finding.Warning:
			f.Severity = finding.Warning
			warns = append(warns, f)
		}
	}
	v := Verdict{Allowed: len(errs) == 0, Findings: append(errs, warns...), Ignored: w.ignored()}
	if !v.Allowed {
		v.Message = denyMessage(c.current().Ref(), errs)
		for _, f := range errs {
			v.Errors = append(v.Errors, f.Rule)
		}
	}
	problems := newProblems(rb.Problems, ra.Problems)
	e.unjudgeable(&v, problems) // unjudgeable.go: deny, or warn below
	if v.Unjudgeable {
		problems = nil
	}
	v.Warnings = warnings(c.current().Ref(), warns, problems)
	redactVerdict(c, s.after, &v) // redact.go: nothing of other namespaces by name
	return v
}

// newFindings returns the findings of after that are not in before: the
// comparison `meshlint diff` makes too (finding.Added says how).
func newFindings(before, after []finding.Finding) []finding.Finding {
	return finding.Added(before, after)
}

// newProblems are the input problems (an nginx config that does not
// parse...) the change brings: the rules could not judge that part.
func newProblems(before, after []error) []string {
	old := make(map[string]bool, len(before))
	for _, p := range before {
		old[p.Error()] = true
	}
	var out []string
	for _, p := range after {
		if old[p.Error()] {
			continue
		}
		msg := p.Error()
		var me *manifest.Error
		if errors.As(p, &me) {
			msg = me.File + ": " + me.Msg // request objects are one-line JSON: no line to give
		}
		out = append(out, "meshlint cannot read "+msg)
	}
	return out
}
