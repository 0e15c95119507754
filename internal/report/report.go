// Package report renders findings in the CLI's output formats, one file
// per format behind one interface. It knows nothing of exit codes.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Report is what one lint run found.
type Report struct {
	Findings []finding.Finding // sorted and deduplicated by the validator
	// Suppressed are the findings a config ignore or an ignore annotation
	// waived, sorted as Findings: counted and listed, never failing.
	Suppressed []finding.Suppressed
	Objects    int     // objects linted
	Errors     []error // input errors (files that could not be read)
	// Notices are warning-level input notices: documents that are not
	// Kubernetes objects, paths that yielded no object. They are not
	// findings (no rule, no object) and do not change the exit status.
	Notices []Notice

	// Linted lists the objects linted, in input order, for formats that
	// report passes as well as failures (junit). Nil when not known.
	Linted []Linted
	// Rules lists the IDs of the rules that ran (enabled in the config,
	// user rules included). Nil means every rule of the catalogue.
	Rules []string
}

// Linted is one object a run linted and where it came from. File is empty
// and Line 0 for objects read from a live cluster: formats then locate by
// Ref (Kind/namespace/name).
type Linted struct {
	Ref  manifest.Ref
	File string
	Line int
}

// Notice is one warning-level input notice; Line is 0 when unknown.
type Notice struct {
	File string
	Line int
	Msg  string
}

func (n Notice) String() string {
	return (&manifest.Error{File: n.File, Line: n.Line, Msg: n.Msg}).Error()
}

// Formatter writes a report in one format.
type Formatter interface {
	Format(w io.Writer, r *Report) error
}

// Color modes of the text format, as --color takes them: auto colors
// only a terminal; the caller folds NO_COLOR into never.
const (
	ColorAuto   = "auto"
	ColorAlways = "always"
	ColorNever  = "never"
)

// ColorModes lists the modes, for flag help and checks.
var ColorModes = []string{ColorAuto, ColorAlways, ColorNever}

// Formats lists the format names New accepts.
var Formats = []string{"text", "json", "sarif", "junit", "github"}

// Options tune the formats that have knobs.
type Options struct {
	NoColor bool   // text: never emit ANSI colors, even on a terminal (Color "never")
	Color   string // text: ColorAuto ("" too), ColorAlways or ColorNever
	Quiet   bool   // text: the summary line only, no finding
	Version string // sarif: meshlint's version for tool.driver.version; empty omits it
	// SourceRoot (absolute) is the directory sarif and github paths are
	// relative to: code scanning and Actions annotations resolve them
	// against the repository's root, wherever meshlint ran. Empty keeps
	// paths as given.
	SourceRoot string
}

// rooted returns file relative to root when it lies inside root (paths as
// given are relative to the working directory); else file as given.
func rooted(root, file string) string {
	if root == "" || file == "" || file == "-" {
		return file
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return file
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return file
	}
	return rel
}

// New returns the formatter called name.
func New(name string, opts Options) (Formatter, error) {
	switch name {
	case "text":
		return &Text{NoColor: opts.NoColor, Color: opts.Color, Quiet: opts.Quiet}, nil
	case "json":
		return JSON{}, nil
	case "sarif":
		return SARIF{Version: opts.Version, Root: opts.SourceRoot}, nil
	case "junit":
		return JUnit{}, nil
	case "github":
		return GitHub{Root: opts.SourceRoot}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want one of %s)", name, strings.Join(Formats, ", "))
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
