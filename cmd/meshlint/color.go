package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/report"
)

// textFlags are the text format's knobs: --quiet, --color and the
// deprecated --no-color.
func textFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "text output: print only the summary line (the counts), no finding; input errors still go to standard error; machine formats are unchanged"},
		&cli.StringFlag{Name: "color", Value: report.ColorAuto, Usage: "text output colors: auto (only on a terminal, and not when NO_COLOR is set), always or never"},
		&cli.BoolFlag{Name: "no-color", Usage: "deprecated: same as --color=never"},
	}
}

// colorMode reads --color and --no-color. NO_COLOR (set and not empty)
// turns auto into never; an explicit --color=always wins over it, as
// https://no-color.org asks of command-line flags.
func colorMode(c *cli.Context) (string, error) {
	mode := strings.ToLower(c.String("color"))
	if !slices.Contains(report.ColorModes, mode) {
		return "", fmt.Errorf("--color: unknown mode %q (want %s)", c.String("color"), strings.Join(report.ColorModes, ", "))
	}
	if c.Bool("no-color") {
		if c.IsSet("color") && mode != report.ColorNever {
			return "", fmt.Errorf("--no-color and --color=%s contradict each other (--no-color is --color=never)", mode)
		}
		return report.ColorNever, nil
	}
	if mode == report.ColorAuto && os.Getenv("NO_COLOR") != "" {
		return report.ColorNever, nil
	}
	return mode, nil
}
