package stackdiff

import (
	"encoding/json"
	"io"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/topology"
)

// The JSON contract is docs/diff-json.md: every key always present, lists
// [] rather than null, severities as words (as lint's JSON).
type jsonDiff struct {
	Base     string        `json:"base"`
	Head     string        `json:"head"`
	Hops     []HopChange   `json:"hops"`
	Findings jsonFindings  `json:"findings"`
	Coverage jsonCoverages `json:"mesh_coverage"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonFindings struct {
	Added []jsonFinding `json:"added"`
	Fixed []jsonFinding `json:"fixed"`
}

type jsonFinding struct {
	Rule        string        `json:"rule"`
	Name        string        `json:"name"`
	Severity    string        `json:"severity"`
	Object      jsonRef       `json:"object"`
	File        string        `json:"file"`
	Line        int           `json:"line"`
	Message     string        `json:"message"`
	Remediation string        `json:"remediation"`
	Related     []jsonRelated `json:"related"`
}

type jsonRelated struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

type jsonRef struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Namespace  string `json:"namespace"`
	Name       string `json:"name"`
}

type jsonCoverages struct {
	Before topology.Coverage `json:"before"`
	After  topology.Coverage `json:"after"`
}

type jsonSummary struct {
	HopsChanged   int  `json:"hops_changed"`
	HopsAdded     int  `json:"hops_added"`
	HopsRemoved   int  `json:"hops_removed"`
	FindingsAdded int  `json:"findings_added"`
	FindingsFixed int  `json:"findings_fixed"`
	Failing       int  `json:"failing"` // added findings at or above --fail-on
	Fails         bool `json:"fails"`
}

func (d *Diff) writeJSON(w io.Writer, failOn finding.Severity) error {
	c := d.hopCounts()
	out := jsonDiff{Base: d.Base, Head: d.Head, Hops: d.Hops,
		Findings: jsonFindings{Added: jsonList(d.Added), Fixed: jsonList(d.Fixed)},
		Coverage: jsonCoverages{Before: d.Coverage[0], After: d.Coverage[1]},
		Summary: jsonSummary{HopsChanged: c.changed, HopsAdded: c.added, HopsRemoved: c.removed,
			FindingsAdded: len(d.Added), FindingsFixed: len(d.Fixed), Failing: d.Errors(failOn)}}
	out.Summary.Fails = out.Summary.Failing > 0
	if out.Hops == nil {
		out.Hops = []HopChange{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func jsonList(fs []finding.Finding) []jsonFinding {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		o := f.Object
		out = append(out, jsonFinding{Rule: f.Rule, Name: f.Name, Severity: f.Severity.String(),
			Object: jsonRef{APIVersion: o.APIVersion, Kind: o.Kind, Namespace: o.Namespace, Name: o.Name},
			File:   f.File, Line: f.Line, Message: f.Message, Remediation: f.Remediation})
	}
	return out
}
