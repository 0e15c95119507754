package validate

import (
	"strings"

	"github.com/meshlint/meshlint/internal/catalog"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/policy"
)

// IgnoreAnnotation lists rule IDs (or "*") not to report on the object.
const IgnoreAnnotation = "meshlint.io/ignore"

// toFinding completes a rule's raw finding with the catalogue entry, the
// object's position and the config; ok is false when it is suppressed.
func (v *Validator) toFinding(r policy.Raw, idx map[string]*manifest.Object) (finding.Finding, bool) {
	f := finding.Finding{Rule: r.Rule, Object: r.Object, Line: r.Line, Message: r.Message,
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
	obj := idx[key(r.Object.Kind, r.Object.Namespace, r.Object.Name)]
	if obj != nil {
		f.File = obj.File
		f.Object.APIVersion = obj.APIVersion
		if f.Line == 0 {
			f.Line = obj.Line
		}
	}
	if !on || (obj != nil && v.annotated(obj, r.Rule)) {
		return f, false
	}
	if _, ignored := v.cfg.Ignored(&f); ignored {
		return f, false
	}
	return f, true
}

// annotated reports whether the object's meshlint.io/ignore annotation
// names the rule.
func (v *Validator) annotated(o *manifest.Object, rule string) bool {
	if !v.cfg.AllowIgnoreAnnotation {
		return false
	}
	for _, id := range strings.Split(o.Annotations()[IgnoreAnnotation], ",") {
		id = strings.TrimSpace(id)
		if id == rule || id == "*" {
			return true
		}
	}
	return false
}
