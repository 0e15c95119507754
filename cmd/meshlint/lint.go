package main

import (
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/report"
	"github.com/meshlint/meshlint/internal/validate"
)

func lintCommand() *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "lint manifests: files, directories (recursive), or - for standard input",
		ArgsUsage: "PATH...|-",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output format: text or json"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 on findings at or above: error, warning, info or none"},
			&cli.StringFlag{Name: "config", Usage: "config file (default: " + config.FileName + " in the current directory or the nearest parent)"},
			&cli.StringSliceFlag{Name: "policy", Usage: "directory of extra Rego policies (repeatable)"},
			&cli.BoolFlag{Name: "no-color", Usage: "no ANSI colors in text output (also when NO_COLOR is set)"},
			&cli.BoolFlag{Name: "explain", Usage: "also list, on standard error, what the inputs did not tell (unknown ingress controllers, undeclared namespaces, run-time Host headers): where rules stayed silent"},
		},
		Action: lint,
	}
}

func lint(c *cli.Context) error {
	failOn, err := finding.ParseSeverity(c.String("fail-on"))
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	noColor := c.Bool("no-color") || os.Getenv("NO_COLOR") != ""
	format, err := report.New(c.String("format"), report.Options{NoColor: noColor})
	if err != nil {
		return usagef("--format: %v", err)
	}
	if !c.Args().Present() {
		return usagef("lint needs at least one PATH, or - for standard input")
	}
	cfg, err := lintConfig(c.String("config"))
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	rep, err := lintPaths(c, cfg)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	if err := format.Format(c.App.Writer, rep); err != nil {
		return cli.Exit(fmt.Sprintf("write report: %v", err), exitUsage)
	}
	return verdict(rep, failOn)
}

// lintConfig loads --config, else the nearest .meshlint.yaml, else the
// defaults.
func lintConfig(path string) (*config.Config, error) {
	if path == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("find config: %w", err)
		}
		found, ok := config.Find(wd)
		if !ok {
			return config.Default(), nil
		}
		path = found
	}
	return config.Load(path)
}

// lintPaths loads what it can and lints it: one unreadable file must not
// hide the findings of the others. Input errors (unparsable YAML, and
// nginx configs the model could not parse) go to stderr as file:line: msg
// and make the run exit 2 in verdict.
func lintPaths(c *cli.Context, cfg *config.Config) (*report.Report, error) {
	manifest.Stdin = c.App.Reader
	batchGC()
	loaded := manifest.Load(c.Args().Slice(), manifest.Options{})
	capHeap()
	v, err := validate.New(cfg, c.StringSlice("policy"))
	if err != nil {
		return nil, fmt.Errorf("load policies: %w", err)
	}
	res, err := v.Lint(loaded.Objects)
	if err != nil {
		return nil, fmt.Errorf("lint: %w", err)
	}
	inputErrs := append(loaded.Errors, res.Problems...)
	for _, err := range inputErrs {
		fmt.Fprintln(c.App.ErrWriter, err)
	}
	if c.Bool("explain") {
		explainUndecided(c.App.ErrWriter, res)
	}
	return &report.Report{Findings: res.Findings, Objects: len(loaded.Objects), Errors: inputErrs}, nil
}

// verdict maps a report to the exit status: input errors (2) win over
// findings (1), since a clean result over half the input proves nothing.
func verdict(rep *report.Report, failOn finding.Severity) error {
	if len(rep.Errors) > 0 {
		return cli.Exit("", exitUsage)
	}
	if failOn == finding.None {
		return nil
	}
	for _, f := range rep.Findings {
		if f.Severity >= failOn {
			return cli.Exit("", exitFindings)
		}
	}
	return nil
}

// explainUndecided prints what the model could not decide, with where.
func explainUndecided(w io.Writer, res *validate.Result) {
	notes := res.Model.Undecided()
	if len(notes) == 0 {
		fmt.Fprintln(w, "explain: the inputs told everything the rules need")
		return
	}
	fmt.Fprintf(w, "explain: %d things the inputs did not tell; rules stayed silent (or said so at info level) where they apply:\n", len(notes))
	for _, n := range notes {
		fmt.Fprintf(w, "%s:%d: %s: %s\n", n.Object.File, n.Line, n.Object.Ref(), n.Msg)
	}
}
