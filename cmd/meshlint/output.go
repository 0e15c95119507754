package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/report"
)

// sink is one format written to one place: a file, or standard output
// when path is "".
type sink struct {
	format string
	path   string
	f      report.Formatter
}

// sinks reads --format (repeatable, or comma-separated) and --output
// (FILE for a single format, FORMAT=FILE for any): one CI run can print
// text and write SARIF and JUnit files. A format named only in --output is
// added to those of --format; at most one format goes to standard output.
func sinks(c *cli.Context, opts report.Options) ([]sink, error) {
	var formats []string
	for _, f := range c.StringSlice("format") {
		for _, name := range strings.Split(f, ",") {
			if name = strings.TrimSpace(name); name != "" && !slices.Contains(formats, name) {
				formats = append(formats, name)
			}
		}
	}
	if len(formats) == 0 {
		formats = []string{"text"}
	}
	paths := map[string]string{}
	var plain []string
	for _, o := range c.StringSlice("output") {
		name, file, ok := strings.Cut(o, "=")
		if !ok || !slices.Contains(report.Formats, name) {
			plain = append(plain, o)
			continue
		}
		if file == "" {
			return nil, fmt.Errorf("--output %s: no file after %q", o, name+"=")
		}
		if prev, dup := paths[name]; dup && prev != file {
			return nil, fmt.Errorf("--output: format %s named twice (%s and %s)", name, prev, file)
		}
		paths[name] = file
		if !slices.Contains(formats, name) {
			formats = append(formats, name)
		}
	}
	switch {
	case len(plain) > 1:
		return nil, fmt.Errorf("--output: %d plain files (%s): name the format of each, as --output sarif=FILE", len(plain), strings.Join(plain, ", "))
	case len(plain) == 1:
		var unassigned []string
		for _, f := range formats {
			if _, ok := paths[f]; !ok {
				unassigned = append(unassigned, f)
			}
		}
		if len(unassigned) == 0 {
			return nil, fmt.Errorf("--output %s: every format (%s) already has a file", plain[0], strings.Join(formats, ", "))
		}
		if len(unassigned) != 1 {
			return nil, fmt.Errorf("--output %s: say which format goes there (%s), as --output FORMAT=%s", plain[0], strings.Join(unassigned, " or "), plain[0])
		}
		paths[unassigned[0]] = plain[0]
	}
	var out []sink
	toStdout := ""
	for _, name := range formats {
		f, err := report.New(name, opts)
		if err != nil {
			return nil, fmt.Errorf("--format: %v", err)
		}
		path := paths[name]
		if path == "-" {
			path = ""
		}
		if path == "" {
			if toStdout != "" {
				return nil, fmt.Errorf("--format: %s and %s would both go to standard output: send one to a file with --output FORMAT=FILE", toStdout, name)
			}
			toStdout = name
		}
		out = append(out, sink{format: name, path: path, f: f})
	}
	return out, nil
}

// write sends the report to every sink. A file is written whole or not at
// all: the report goes to a temporary file renamed over it at the end, so
// a CI step never uploads half a SARIF file.
func write(stdout io.Writer, ss []sink, rep *report.Report) error {
	for _, s := range ss {
		if s.path == "" {
			if err := s.f.Format(stdout, rep); err != nil {
				return fmt.Errorf("write %s report: %w", s.format, err)
			}
			continue
		}
		if err := writeFile(s.path, func(w io.Writer) error { return s.f.Format(w, rep) }); err != nil {
			return fmt.Errorf("write %s report to %s: %w", s.format, s.path, err)
		}
	}
	return nil
}

func writeFile(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(dirOf(path), ".meshlint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func dirOf(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[:i+1]
	}
	return "."
}
