package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/policy"
	"github.com/meshlint/meshlint/internal/stack"
	"github.com/meshlint/meshlint/internal/validate"
)

func factsCommand() *cli.Command {
	return &cli.Command{
		Name: "facts",
		Usage: "print the facts the rules read (their input, docs/facts.md) as JSON: " +
			"save it as a fixture for your own rules' tests (meshlint test)",
		ArgsUsage: "PATH...|-",
		Flags:     append([]cli.Flag{configFlag()}, renderFlags()...),
		Action:    facts,
	}
}

// facts loads the paths as lint does and prints the model's facts, the
// document the policy engine receives as input (mesh.Model.Sections via
// validate and policy), with keys and lists sorted so the bytes are
// stable. Input errors go to stderr and exit 2 after what could be
// modelled, as in report.
func facts(c *cli.Context) error {
	if !c.Args().Present() {
		return usagef("facts needs at least one PATH, or - for standard input")
	}
	cfg, err := stack.Config(c.String("config"))
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	in := loadStack(c, c.Args().Slice(), "")
	printLoadNotes(c, in)
	printNotices(c.App.ErrWriter, in.InputNotices())
	m := mesh.Build(in.Loaded.Objects, validate.Settings(cfg))
	out, err := policy.FactsJSON(m.Facts())
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	if _, err := c.App.Writer.Write(out); err != nil {
		return cli.Exit(fmt.Sprintf("write facts: %v", err), exitUsage)
	}
	errs := in.Loaded.Errors
	for _, p := range m.Problems {
		errs = append(errs, &manifest.Error{File: p.Object.File, Line: p.Line, Msg: p.Msg})
	}
	errs, _ = in.PlaceErrors(errs)
	for _, err := range errs {
		fmt.Fprintln(c.App.ErrWriter, err)
	}
	return inputVerdict(len(errs) > 0)
}
