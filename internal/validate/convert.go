package validate

import (
	"strings"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/policy"
)

// IgnoreAnnotation lists rule IDs (or "*") not to report on the object.
const IgnoreAnnotation = finding.IgnoreAnnotation

// toFinding completes a rule's raw finding with the catalogue entry, the
// object's position and the config; ok is false when it is suppressed,
// and then waiver says by what (nil for a rule turned off).
func (v *Validator) toFinding(r policy.Raw, idx map[objKey]*manifest.Object) (f finding.Finding, ok bool, waiver *finding.Suppressed) {
	f = finding.Finding{Rule: r.Rule, Object: r.Object, Line: r.Line, Message: r.Message,
		Remediation: r.Remediation, Related: r.Related}
	f.Name = r.Name
	sev := finding.Warning
	if c, ok := catalog.Lookup(r.Rule); ok {
		f.Name, sev = c.Name, c.Severity
	}
	if s, err := finding.ParseSeverity(r.Severity); err == nil && s != finding.None {
		sev = s
	}
	sev, on := v.cfg.Severity(r.Rule, sev)
	f.Severity = sev
	if f.Related == nil {
		f.Related = []manifest.Ref{}
	}
	obj := idx[objKey{r.Object.Kind, r.Object.Namespace, r.Object.Name}]
	if obj != nil {
		f.File = obj.File
		f.Object.APIVersion = obj.APIVersion
		if f.Line == 0 {
			f.Line = obj.Line
		}
	}
	switch {
	case !on:
		return f, false, nil
	case obj != nil && v.annotated(obj, r.Rule):
		return f, false, &finding.Suppressed{Finding: f, By: finding.ByAnnotation, File: obj.File, Line: obj.Line}
	}
	if ig, ignored := v.cfg.Ignored(&f); ignored {
		return f, false, &finding.Suppressed{Finding: f, By: finding.ByConfig, File: v.cfg.File, Line: ig.Line, Reason: ig.Reason}
	}
	return f, true, nil
}

// annotated reports whether the object's meshlint.io/ignore annotation
// names the rule.
func (v *Validator) annotated(o *manifest.Object, rule string) bool {
	if !v.cfg.AllowIgnoreAnnotation {
		return false
	}
	for _, id := range strings.Split(o.Annotation(IgnoreAnnotation), ",") {
		id = strings.TrimSpace(id)
		if id == rule || id == "*" {
			return true
		}
	}
	return false
}
