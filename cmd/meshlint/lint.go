package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/cluster"
	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/report"
	"github.com/meshlint/meshlint/internal/stack"
	"github.com/meshlint/meshlint/internal/validate"
)

func lintCommand() *cli.Command {
	return &cli.Command{
		Name: "lint",
		Usage: "lint manifests: files, directories (recursive), - for standard input, Helm chart directories, " +
			"kustomization directories, or a live cluster (--cluster)",
		ArgsUsage: "PATH...|-",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "format", Usage: "output format: " + strings.Join(report.Formats, ", ") + " (default text; repeatable, or comma-separated, with --output for all but one)"},
			&cli.StringSliceFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to FILE instead of standard output; FORMAT=FILE for one of several formats (repeatable)"},
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 on findings at or above: error, warning, info or none"},
			&cli.StringFlag{Name: "config", Usage: "config file (default: " + config.FileName + " in the current directory or the nearest parent)"},
			&cli.StringSliceFlag{Name: "policy", Usage: "directory of extra Rego policies (repeatable)"},
			&cli.BoolFlag{Name: "explain", Usage: "also list, on standard error, what the inputs did not tell (unknown ingress controllers, undeclared namespaces, run-time Host headers): where rules stayed silent"},
			&cli.StringFlag{Name: "context", Usage: "a directory of manifests read with the PATHs but not reported on: cross-resource rules see the whole stack while a run on changed files reports only on them (pre-commit); with --cluster: the kubeconfig context"},
			&cli.BoolFlag{Name: "cluster", Usage: "audit the live objects of the cluster of the kubeconfig instead of files (read-only: list and get)"},
			&cli.StringFlag{Name: "kubeconfig", Usage: "with --cluster: the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account)"},
		}, append(textFlags(), renderFlags()...)...),
		Action: lint,
	}
}

func lint(c *cli.Context) error {
	failOn, err := finding.ParseSeverity(c.String("fail-on"))
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	color, err := colorMode(c)
	if err != nil {
		return usagef("%v", err)
	}
	outs, err := sinks(c, report.Options{Color: color, Quiet: c.Bool("quiet"), Version: versionInfo().Version, SourceRoot: sourceRoot()})
	if err != nil {
		return usagef("%v", err)
	}
	switch {
	case c.Bool("cluster") && c.Args().Present():
		return usagef("--cluster reads the cluster, not PATHs: give one or the other")
	case !c.Bool("cluster") && c.String("kubeconfig") != "":
		return usagef("--kubeconfig needs --cluster")
	case !c.Bool("cluster") && !c.Args().Present() && c.String("context") == "":
		return usagef("lint needs at least one PATH, - for standard input, or --cluster")
	case !c.Bool("cluster") && c.String("context") != "":
		if err := stack.CheckContextDir(c.String("context")); err != nil {
			return usagef("%v", err)
		}
	}
	cfg, err := stack.Config(c.String("config"))
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	prog := newProgress(c.App.ErrWriter, showProgress(c, outs))
	var rep *report.Report
	if c.Bool("cluster") {
		rep, err = lintCluster(c, cfg, prog)
	} else {
		rep, err = lintPaths(c, cfg, prog)
	}
	prog.end()
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	if err := write(c.App.Writer, outs, rep); err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	return verdict(rep, failOn)
}

// sourceRoot is the repository meshlint runs in (the nearest directory up
// from the working directory that holds .git), else the working
// directory: SARIF and GitHub annotations name files relative to it.
func sourceRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

// lintPaths loads what it can and lints it: one unreadable file must not
// hide the findings of the others. Input errors (unparsable YAML, charts
// that do not render, nginx configs the model could not parse) go to
// stderr as file:line: msg and make the run exit 2 in verdict. Findings
// and errors in rendered charts and kustomizations are placed at their
// sources.
func lintPaths(c *cli.Context, cfg *config.Config, prog *progress) (*report.Report, error) {
	batchGC()
	prog.phase("reading %s", readingWhat(c))
	opts := stackOptions(c, c.Args().Slice(), c.String("context"))
	opts.Prepared = mesh.NewPreparer(validate.Settings(cfg)) // the objects are constructed as they load: Stack.Lint
	in := stack.Load(opts)
	prog.end()
	capHeap()
	// The rules compile while the stack is modelled, on the core the
	// model's build leaves idle (after loading, whose limit they would
	// raise: capHeap counts what the runtime holds).
	rules := stack.StartRules(cfg, c.StringSlice("policy"))
	quiet := c.Bool("quiet") // notes and notices are counted in the summary
	if !quiet {
		printLoadNotes(c, in)
	}
	prog.phase("read %s; running %s", countOf(len(in.Loaded.Objects), "object"), rulesWord(c, cfg))
	l, err := in.Lint(rules)
	prog.end()
	if err != nil {
		return nil, err
	}
	for _, err := range l.ContextErrors {
		fmt.Fprintf(c.App.ErrWriter, "%v (context, not reported on)\n", err)
	}
	for _, err := range l.Report.Errors {
		fmt.Fprintln(c.App.ErrWriter, err)
	}
	if !quiet {
		printNotices(c.App.ErrWriter, l.Report.Notices)
	}
	if c.Bool("explain") {
		explainNotices(c.App.ErrWriter, l.Report.Notices)
		explainSuppressed(c.App.ErrWriter, l.Report.Suppressed)
		explainUndecided(c.App.ErrWriter, l.Result, in.Source)
	}
	return l.Report, nil
}

// lintCluster lints the live objects of a cluster. Findings name objects
// (Kind/namespace/name) instead of file:line.
func lintCluster(c *cli.Context, cfg *config.Config, prog *progress) (*report.Report, error) {
	opts := cluster.Options{Kubeconfig: c.String("kubeconfig"), Context: c.String("context"),
		Namespace: c.String("namespace"), RootNamespace: cfg.RootNamespace, Listed: prog.listed()}
	prog.phase("reading the cluster")
	live, err := stack.LoadCluster(c.Context, opts)
	prog.end()
	if err != nil {
		return nil, err
	}
	for _, n := range live.Notices {
		if !c.Bool("quiet") {
			fmt.Fprintln(c.App.ErrWriter, "note:", n)
		}
	}
	prog.phase("read %s; running %s", countOf(len(live.Objects), "object"), rulesWord(c, cfg))
	l, err := live.Lint(cfg, c.StringSlice("policy"))
	prog.end()
	if err != nil {
		return nil, err
	}
	for _, p := range l.Report.Errors {
		fmt.Fprintln(c.App.ErrWriter, p)
	}
	if c.Bool("explain") {
		explainSuppressed(c.App.ErrWriter, l.Report.Suppressed)
		explainUndecided(c.App.ErrWriter, l.Result, nil)
	}
	return l.Report, nil
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
func explainUndecided(w io.Writer, res *validate.Result, source func(string, int) (string, int)) {
	notes := res.Model.Undecided()
	if len(notes) == 0 {
		fmt.Fprintln(w, "explain: the inputs told everything the rules need")
		return
	}
	fmt.Fprintf(w, "explain: %d things the inputs did not tell; rules stayed silent (or said so at info level) where they apply:\n", len(notes))
	for _, n := range notes {
		file, line := n.Object.File, n.Line
		if source != nil {
			file, line = source(file, line)
		}
		switch {
		case file == "":
			fmt.Fprintf(w, "%s: %s\n", n.Object.Ref(), n.Msg)
		case line > 0:
			fmt.Fprintf(w, "%s:%d: %s: %s\n", file, line, n.Object.Ref(), n.Msg)
		default:
			fmt.Fprintf(w, "%s: %s: %s\n", file, n.Object.Ref(), n.Msg)
		}
	}
}
