package report

import (
	"encoding/json"
	"io"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// JSON writes the stable JSON contract: tools and tests parse it, so every
// key is always present ("related" is [] rather than null, empty strings
// stay), and severities are words.
type JSON struct{}

type jsonReport struct {
	Findings   []jsonFinding  `json:"findings"`
	Notices    []jsonNotice   `json:"notices"`
	Errors     []jsonError    `json:"errors"`
	Suppressed jsonSuppressed `json:"suppressed"`
	Summary    jsonSummary    `json:"summary"`
}

// jsonError is an input error: the reason of exit status 2. File is ""
// and Line 0 when the error has no place (a cluster's list refused).
type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// jsonSuppressed lists the findings a config ignore or an ignore
// annotation waived (json_suppressed.go).
type jsonSuppressed struct {
	Count    int                 `json:"count"`
	Findings []jsonWaivedFinding `json:"findings"`
}

// jsonNotice is an input notice: always severity "warning", never a rule.
type jsonNotice struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Message  string `json:"message"`
}

type jsonFinding struct {
	Rule        string     `json:"rule"`
	Name        string     `json:"name"`
	Severity    string     `json:"severity"`
	Object      jsonObject `json:"object"`
	File        string     `json:"file"`
	Line        int        `json:"line"`
	Message     string     `json:"message"`
	Remediation string     `json:"remediation"`
	Related     []jsonRef  `json:"related"`
}

type jsonObject struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace"`
	Name       string `json:"name"`
}

type jsonRef struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

type jsonSummary struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
	Objects int `json:"objects"`
}

// Format implements Formatter.
func (JSON) Format(w io.Writer, r *Report) error {
	out := jsonReport{Findings: make([]jsonFinding, 0, len(r.Findings))}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, toJSON(f))
	}
	out.Notices = make([]jsonNotice, 0, len(r.Notices))
	for _, n := range r.Notices {
		out.Notices = append(out.Notices, jsonNotice{Severity: "warning", File: n.File, Line: n.Line, Message: n.Msg})
	}
	out.Errors = jsonErrors(r.Errors)
	out.Suppressed = jsonSuppressedOf(r.Suppressed)
	s := r.Summarize()
	out.Summary = jsonSummary{Error: s.Error, Warning: s.Warning, Info: s.Info, Objects: r.Objects}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // messages quote nginx and YAML; keep <, > and & readable
	return enc.Encode(out)
}

func toJSON(f finding.Finding) jsonFinding {
	related := make([]jsonRef, 0, len(f.Related))
	for _, r := range f.Related {
		related = append(related, jsonRef{Kind: r.Kind, Namespace: r.Namespace, Name: r.Name})
	}
	return jsonFinding{
		Rule: f.Rule, Name: f.Name, Severity: f.Severity.String(),
		Object: object(f.Object), File: f.File, Line: f.Line,
		Message: f.Message, Remediation: f.Remediation, Related: related,
	}
}

func object(r manifest.Ref) jsonObject {
	return jsonObject{APIVersion: r.APIVersion, Kind: r.Kind, Namespace: r.Namespace, Name: r.Name}
}
