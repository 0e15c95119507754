package main

import (
	"fmt"
	"runtime"

	"github.com/urfave/cli/v2"
)

// Set at build time: go build -ldflags "-X main.version=v1.2.3 -X main.commit=abc123".
var (
	version = "dev"
	commit  = "none"
)

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprintf(c.App.Writer, "meshlint %s (commit %s, %s)\n", version, commit, runtime.Version())
			return err
		},
	}
}
