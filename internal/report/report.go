// Package report renders findings in the CLI's output formats, one file
// per format behind one interface. It knows nothing of exit codes.
package report

import (
	"fmt"
	"io"

	"github.com/meshlint/meshlint/internal/finding"
)

// Report is what one lint run found.
type Report struct {
	Findings []finding.Finding // sorted and deduplicated by the validator
	Objects  int               // objects linted
	Errors   []error           // input errors (files that could not be read)
}

// Formatter writes a report in one format.
type Formatter interface {
	Format(w io.Writer, r *Report) error
}

// Formats lists the format names New accepts.
var Formats = []string{"text", "json"}

// Options tune the formats that have knobs.
type Options struct {
	NoColor bool // text: never emit ANSI colors, even on a terminal
}

// New returns the formatter called name.
func New(name string, opts Options) (Formatter, error) {
	switch name {
	case "text":
		return &Text{NoColor: opts.NoColor}, nil
	case "json":
		return JSON{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want text or json)", name)
}

// Summary counts findings per severity.
type Summary struct {
	Error, Warning, Info int
}

// Summarize counts r's findings.
func (r *Report) Summarize() Summary {
	var s Summary
	for _, f := range r.Findings {
		switch f.Severity {
		case finding.Error:
			s.Error++
		case finding.Warning:
			s.Warning++
		case finding.Info:
			s.Info++
		}
	}
	return s
}
