// Package finding holds what a rule reports, independent of any front end.
package finding

import (
	"fmt"
	"sort"

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
// duplicates (same Key).
func Sort(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if c := compareRefs(a.Object, b.Object); c != 0 {
			return c < 0
		}
		return a.Message < b.Message
	})
	out := fs[:0]
	seen := make(map[ID]bool, len(fs))
	for _, f := range fs {
		k := f.ID()
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	return out
}
