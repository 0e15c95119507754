// Package finding holds what a rule reports, independent of any front end.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Severity orders findings; the zero value is invalid.
type Severity int

// Severities, lowest first.
const (
	None Severity = iota
	Info
	Warning
	Error
)

// ParseSeverity reads "error", "warning", "info" or "none".
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	case "none":
		return None, nil
	}
	return None, fmt.Errorf("unknown severity %q (want error, warning, info or none)", s)
}

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "none"
}

// Finding is one rule firing on one object.
type Finding struct {
	Rule        string         `json:"rule"`
	Name        string         `json:"name"`
	Severity    Severity       `json:"-"`
	Object      manifest.Ref   `json:"object"`
	File        string         `json:"file"`
	Line        int            `json:"line"`
	Message     string         `json:"message"`
	Remediation string         `json:"remediation"`
	Related     []manifest.Ref `json:"related"`
}

// Key identifies a finding for deduplication and admission diffs: the same
// rule on the same object about the same thing.
func (f *Finding) Key() string {
	return f.Rule + "\x00" + f.Object.String() + "\x00" + f.Message
}

// Sort orders findings by file, line, rule, object, message and drops
// duplicates (same Key). It sorts pointers, stably, and then moves each
// finding once: a finding is a few hundred bytes, and a stable sort
// moves its items many times.
func Sort(fs []Finding) []Finding {
	ptrs := make([]*Finding, len(fs))
	for i := range fs {
		ptrs[i] = &fs[i]
	}
	slices.SortStableFunc(ptrs, compare)
	out := make([]Finding, 0, len(fs))
	seen := make(map[ID]bool, len(fs))
	for _, f := range ptrs {
		if k := f.ID(); !seen[k] {
			seen[k] = true
			out = append(out, *f)
		}
	}
	return out
}

// compare orders two findings as Sort does: by file, line, rule, object
// (as named: Kind/namespace/name) and message.
func compare(a, b *Finding) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := strings.Compare(a.Rule, b.Rule); c != 0 {
		return c
	}
	if c := compareRefs(a.Object, b.Object); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}
