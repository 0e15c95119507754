package report

import "github.com/meshlint/meshlint/internal/finding"

// jsonWaivedFinding is a finding as in "findings", with what waived it.
type jsonWaivedFinding struct {
	jsonFinding
	By jsonWaiver `json:"by"`
}

// jsonWaiver says what waived a finding: kind "config" (File and Line
// are the config file and its ignore entry, Reason the ignore's reason)
// or "annotation" (meshlint.io/ignore on the object at File and Line;
// Reason "").
type jsonWaiver struct {
	Kind   string `json:"kind"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

func jsonSuppressedOf(ss []finding.Suppressed) jsonSuppressed {
	out := jsonSuppressed{Count: len(ss), Findings: make([]jsonWaivedFinding, 0, len(ss))}
	for _, s := range ss {
		out.Findings = append(out.Findings, jsonWaivedFinding{jsonFinding: toJSON(s.Finding),
			By: jsonWaiver{Kind: s.By, File: s.File, Line: s.Line, Reason: s.Reason}})
	}
	return out
}

func jsonErrors(errs []error) []jsonError {
	out := make([]jsonError, 0, len(errs))
	for _, err := range errs {
		file, line, msg := inputError(err)
		out = append(out, jsonError{File: file, Line: line, Message: msg})
	}
	return out
}
