package main

import (
	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/stack"
)

// helmChildCmd is the hidden command a chart's bounded render runs
// meshlint with (stack.HelmChildCommand; stack.ServeHelm does the work).
func helmChildCmd() *cli.Command {
	return &cli.Command{Name: stack.HelmChildCommand, Hidden: true, Action: helmChildAction}
}

func helmChildAction(c *cli.Context) error {
	if err := stack.ServeHelm(c.Args().First(), c.App.Writer, c.App.ErrWriter); err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	return nil
}
