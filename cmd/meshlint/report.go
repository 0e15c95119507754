package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/topology"
	"github.com/meshlint/meshlint/internal/validate"
)

func reportCommand() *cli.Command {
	return &cli.Command{
		Name: "report",
		Usage: "print the stack's tables: scale, mesh coverage, and every hop with its protocol, " +
			"its outcome (mTLS, plain text, passthrough, broken) and why",
		ArgsUsage: "PATH...|-",
		Flags: []cli.Flag{
			formatFlag(topology.ReportFormats),
			configFlag(),
		},
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

// loadTopology loads the paths as lint does and builds the model: the
// tables and the graph show what the rules reason about. Input errors go
// to stderr as file:line: msg; the caller still prints what it could
// model, then exits 2.
func loadTopology(c *cli.Context) (*topology.Topology, bool, error) {
	if !c.Args().Present() {
		return nil, false, usagef("%s needs at least one PATH, or - for standard input", c.Command.Name)
	}
	cfg, err := lintConfig(c.String("config"))
	if err != nil {
		return nil, false, cli.Exit(err.Error(), exitUsage)
	}
	manifest.Stdin = c.App.Reader
	loaded := manifest.Load(c.Args().Slice(), manifest.Options{})
	m := mesh.Build(loaded.Objects, validate.Settings(cfg))
	for _, err := range loaded.Errors {
		fmt.Fprintln(c.App.ErrWriter, err)
	}
	for _, p := range m.Problems {
		fmt.Fprintln(c.App.ErrWriter, &manifest.Error{File: p.Object.File, Line: p.Line, Msg: p.Msg})
	}
	return topology.Build(m), len(loaded.Errors)+len(m.Problems) > 0, nil
}

// inputVerdict: a table over half the input proves nothing, so input
// errors exit 2 as in lint.
func inputVerdict(inputErrs bool) error {
	if inputErrs {
		return cli.Exit("", exitUsage)
	}
	return nil
}
