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
// DELETE leaves others exposed). See newFindings for what "lacks" means.
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
	var errs, warns []finding.Finding
	for _, f := range newFindings(e.unwaived(s.before, rb.Findings), ra.Findings) {
		switch {
		case w.waives(&f):
		case f.Severity == finding.Error && e.cfg.AdmissionMode(f.Rule) == config.ModeEnforce:
			errs = append(errs, f)
		case f.Severity >= finding.Warning:
			f.Severity = finding.Warning
			warns = append(warns, f)
		}
	}
	v := Verdict{Allowed: len(errs) == 0, Findings: append(errs, warns...), Ignored: w.ignored()}
	if !v.Allowed {
		v.Message = denyMessage(errs)
		for _, f := range errs {
			v.Errors = append(v.Errors, f.Rule)
		}
	}
	problems := newProblems(rb.Problems, ra.Problems)
	e.unjudgeable(&v, problems) // unjudgeable.go: deny, or warn below
	if v.Unjudgeable {
		problems = nil
	}
	v.Warnings = warnings(warns, problems)
	redactVerdict(c, s.after, &v) // redact.go: nothing of other namespaces by name
	return v
}

// newFindings returns the findings of after that are not in before, by
// finding.Key (rule, object, message), within the groups of one rule, one
// object and one severity that after holds more of than before. Messages
// quote other objects (an Ingress's host name in ML201), so an unrelated
// change can reword a finding that exists already: a group that does not
// grow holds no new finding. Severity is in the group, so a change that
// turns a finding into an error (naming a sniffed port http makes ML201's
// info an error) is new.
func newFindings(before, after []finding.Finding) []finding.Finding {
	type group struct {
		rule, object string
		severity     finding.Severity
	}
	type keyed struct {
		group
		key string
	}
	groupOf := func(f *finding.Finding) group { return group{f.Rule, f.Object.String(), f.Severity} }
	had, keys := map[group]int{}, make(map[keyed]bool, len(before))
	for i := range before {
		g := groupOf(&before[i])
		had[g]++
		keys[keyed{g, before[i].Key()}] = true
	}
	has := map[group]int{}
	for i := range after {
		has[groupOf(&after[i])]++
	}
	var out []finding.Finding
	for _, f := range after {
		if g := groupOf(&f); has[g] > had[g] && !keys[keyed{g, f.Key()}] {
			out = append(out, f)
		}
	}
	return out
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
