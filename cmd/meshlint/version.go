package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	buildinfo "github.com/meshlint/meshlint/internal/version"
)

// Set at build time: go build -ldflags "-X main.version=v1.2.3 -X main.commit=abc123".
// Left unset, the build info says (internal/version): the module version
// of a `go install ...@vX`, the revision of a checkout.
var (
	version = buildinfo.UnstampedVersion
	commit  = buildinfo.UnstampedCommit
)

func init() {
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version and exit"}
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprintln(c.App.Writer, "meshlint "+c.App.Version) }
}

func versionInfo() buildinfo.Info { return buildinfo.Resolve(version, commit) }

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version",
		Action: func(c *cli.Context) error {
			_, err := fmt.Fprintln(c.App.Writer, "meshlint "+versionInfo().String())
			return err
		},
	}
}
