package main

import (
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/stack"
	"github.com/meshlint/meshlint/internal/stackdiff"
	"github.com/meshlint/meshlint/internal/validate"
)

func diffCommand() *cli.Command {
	return &cli.Command{
		Name: "diff",
		Usage: "what a change does to traffic: every hop whose outcome changes (mTLS -> passthrough, " +
			"plain text -> rejected), hops added and removed, findings added and fixed, mesh coverage before and after",
		ArgsUsage: "BASE [HEAD] [-- PATH...]",
		Description: "BASE and HEAD are two paths (files or directories, loaded as lint loads them), or two git\n" +
			"revisions of the repository holding the current directory, as in\n" +
			"  meshlint diff origin/main HEAD -- deploy/\n" +
			"Each revision's tree is exported (git archive) to a temporary directory, removed afterwards,\n" +
			"and the PATHs after -- (relative to the current directory; default .) are loaded inside it.\n" +
			"HEAD omitted or . is the working tree. As git does, an argument that exists as a path is\n" +
			"a path, unless -- follows: then BASE and HEAD are revisions. Both sides are linted with one\n" +
			"config: --config, else the .meshlint.yaml found upward from the current directory.\n\n" +
			"Exit status: 0 the change adds no finding at or above --fail-on, 1 it does,\n" +
			"2 usage or input error (the diff is still printed).",
		Flags: append([]cli.Flag{
			formatFlag(stackdiff.Formats),
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when the change adds findings at or above: error, warning, info or none"},
			configFlag(),
			&cli.StringSliceFlag{Name: "policy", Usage: "directory of extra Rego policies (repeatable)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text output: print only the summary line; markdown and json are unchanged"},
		}, renderFlags()...),
		Action: diffAction,
	}
}

func diffAction(c *cli.Context) error {
	format, failOn, err := diffFlags(c)
	if err != nil {
		return err
	}
	cfg, err := stackConfig(c)
	if err != nil {
		return err
	}
	base, head, err := diffSides(c.Args().Slice())
	if err != nil {
		return usagef("%v", err)
	}
	defer base.close()
	defer head.close()
	defer closeOnSignal(base, head)()
	d, inputErrs, err := compareSides(c, cfg, base, head)
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	write := d.Write
	if c.Bool("quiet") && format == "text" {
		write = func(w io.Writer, _ string, failOn finding.Severity) error { return d.WriteSummary(w, failOn) }
	}
	if err := write(c.App.Writer, format, failOn); err != nil {
		return cli.Exit(fmt.Sprintf("write diff: %v", err), exitUsage)
	}
	switch {
	case inputErrs:
		return cli.Exit("", exitUsage) // a diff over half the input proves nothing
	case d.Errors(failOn) > 0:
		return cli.Exit("", exitFindings)
	}
	return nil
}

func diffFlags(c *cli.Context) (format string, failOn finding.Severity, err error) {
	if format, err = chosenFormat(c, stackdiff.Formats); err != nil {
		return "", 0, err
	}
	if failOn, err = finding.ParseSeverity(c.String("fail-on")); err != nil {
		return "", 0, usagef("--fail-on: %v", err)
	}
	if slices.Contains(splitCommas(c.StringSlice("values")), "-") {
		return "", 0, usagef("diff loads two stacks: --values - (standard input) would reach only the first")
	}
	return format, failOn, nil
}

// compareSides lints both sides with the same rules and compares them.
// inputErrs tells whether either side had input errors.
func compareSides(c *cli.Context, cfg *config.Config, base, head *diffSide) (d *stackdiff.Diff, inputErrs bool, err error) {
	rules, err := stack.Rules(cfg, c.StringSlice("policy"))
	if err != nil {
		return nil, false, err
	}
	before, errsBefore, err := diffLoad(c, rules, base)
	if err != nil {
		return nil, false, err
	}
	after, errsAfter, err := diffLoad(c, rules, head)
	if err != nil {
		return nil, false, err
	}
	return stackdiff.Compare(before, after), errsBefore || errsAfter, nil
}

func stackConfig(c *cli.Context) (*config.Config, error) {
	cfg, err := stack.Config(c.String("config"))
	if err != nil {
		return nil, cli.Exit(err.Error(), exitUsage)
	}
	return cfg, nil
}

// diffLoad loads and lints one side as lint would, with its files named
// as in the working directory. Its input errors and notices go to stderr,
// tagged with the side.
func diffLoad(c *cli.Context, rules *validate.Validator, side *diffSide) (*stackdiff.Side, bool, error) {
	opts := stackOptions(c, side.paths, "")
	opts.Exclude = opts.Exclude.Within(side.root) // globs name the working tree's files
	in := stack.Load(opts)
	for _, n := range in.Notices {
		fmt.Fprintf(c.App.ErrWriter, "note: %s (%s)\n", side.displayText(n), side.name)
	}
	l, err := in.LintWith(rules)
	if err != nil {
		return nil, false, err
	}
	for _, err := range l.Report.Errors {
		var me *manifest.Error
		if errors.As(err, &me) {
			err = &manifest.Error{File: side.display(me.File), Line: me.Line, Msg: me.Msg}
		}
		fmt.Fprintf(c.App.ErrWriter, "%v (%s)\n", err, side.name)
	}
	for i, n := range l.Report.Notices {
		l.Report.Notices[i].File = side.display(n.File)
	}
	printNotices(c.App.ErrWriter, l.Report.Notices)
	findings := l.Report.Findings
	for i := range findings {
		findings[i].File = side.display(findings[i].File)
	}
	s := &stackdiff.Side{Name: side.name, Model: l.Result.Model, Topology: in.TopologyOf(l.Result.Model), Findings: findings}
	return s, len(l.Report.Errors) > 0, nil
}
