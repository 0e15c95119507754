package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/stack"
	"github.com/meshlint/meshlint/internal/topology"
)

func reportCommand() *cli.Command {
	return &cli.Command{
		Name: "report",
		Usage: "print the stack's tables: scale, mesh coverage, and every hop with its protocol, " +
			"its outcome (mTLS, plain text, passthrough, broken) and why",
		ArgsUsage: "PATH...|-",
		Flags: append([]cli.Flag{
			formatFlag(topology.ReportFormats),
			configFlag(),
		}, renderFlags()...),
		Action: reportAction,
	}
}

func reportAction(c *cli.Context) error {
	format, err := chosenFormat(c, topology.ReportFormats)
	if err != nil {
		return err
	}
	t, inputErrs, err := loadTopology(c)
	if err != nil {
		return err
	}
	if err := topology.WriteReport(c.App.Writer, t, format); err != nil {
		return cli.Exit(fmt.Sprintf("write report: %v", err), exitUsage)
	}
	return inputVerdict(inputErrs)
}

// chosenFormat is --format, checked against formats.
func chosenFormat(c *cli.Context, formats []string) (string, error) {
	format := c.String("format")
	if !slices.Contains(formats, format) {
		return "", usagef("--format: unknown format %q (want %s)", format, strings.Join(formats, ", "))
	}
	return format, nil
}

func formatFlag(formats []string) cli.Flag {
	return &cli.StringFlag{Name: "format", Value: formats[0], Usage: "output format: " + strings.Join(formats, ", ")}
}

func configFlag() cli.Flag {
	return &cli.StringFlag{Name: "config", Usage: "config file (default: " + config.FileName + " in the current directory or the nearest parent)"}
}

// loadTopology loads the paths as lint does (charts and kustomizations
// included) and builds the model: the tables and the graph show what the
// rules reason about. Input errors go to stderr as file:line: msg; the
// caller still prints what it could model, then exits 2.
func loadTopology(c *cli.Context) (*topology.Topology, bool, error) {
	if !c.Args().Present() {
		return nil, false, usagef("%s needs at least one PATH, or - for standard input", c.Command.Name)
	}
	cfg, err := stack.Config(c.String("config"))
	if err != nil {
		return nil, false, cli.Exit(err.Error(), exitUsage)
	}
	in := loadStack(c, c.Args().Slice(), "")
	printLoadNotes(c, in)
	printNotices(c.App.ErrWriter, in.InputNotices())
	t, errs := in.Topology(cfg)
	for _, err := range errs {
		fmt.Fprintln(c.App.ErrWriter, err)
	}
	return t, len(errs) > 0, nil
}

// inputVerdict: a table over half the input proves nothing, so input
// errors exit 2 as in lint.
func inputVerdict(inputErrs bool) error {
	if inputErrs {
		return cli.Exit("", exitUsage)
	}
	return nil
}
