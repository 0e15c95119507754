package report

import (
	"github.com/meshlint/meshlint/internal/finding"
)

// sarifSuppression is a SARIF 2.1.0 suppression object (§3.35): a
// suppressed result stays in the log, marked, rather than dropped, so
// code scanning shows it as dismissed and a reviewer sees what was waived.
// kind is "inSource" for the object's own meshlint.io/ignore annotation
// (the suppression is written in the analysed file) and "external" for
// an ignore of the config file (§3.35.2); location points at the waiver.
type sarifSuppression struct {
	Kind          string         `json:"kind"`
	Justification string         `json:"justification,omitempty"`
	Location      *sarifLocation `json:"location,omitempty"`
}

// suppressedResult is the result of a waived finding, with its
// suppression.
func (s SARIF) suppressedResult(w finding.Suppressed, ruleIndex int) sarifResult {
	f := w.Finding
	f.File = rooted(s.Root, f.File)
	res := sarifResultOf(&f, ruleIndex)
	sup := sarifSuppression{Kind: "external", Justification: w.Reason}
	if w.By == finding.ByAnnotation {
		sup = sarifSuppression{Kind: "inSource",
			Justification: finding.IgnoreAnnotation + " annotation on " + f.Object.String()}
	}
	if w.File != "" {
		loc := sarifFileLocation(rooted(s.Root, w.File), w.Line)
		sup.Location = &loc
	}
	res.Suppressions = []sarifSuppression{sup}
	return res
}

func waivedFindings(ss []finding.Suppressed) []finding.Finding {
	fs := make([]finding.Finding, len(ss))
	for i, s := range ss {
		fs[i] = s.Finding
	}
	return fs
}
