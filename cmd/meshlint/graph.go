package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/topology"
)

func graphCommand() *cli.Command {
	return &cli.Command{
		Name: "graph",
		Usage: "draw the hops as a Mermaid or DOT graph: one node per workload and ingress controller, " +
			"edges labelled with port and protocol, green mTLS, grey plain text, red broken or passthrough",
		ArgsUsage: "PATH...|-",
		Flags: append([]cli.Flag{
			formatFlag(topology.GraphFormats),
			configFlag(),
			&cli.BoolFlag{Name: "bare", Usage: "mermaid: leave out the ```mermaid fence (the default output pastes as is into a GitHub comment)"},
		}, renderFlags()...),
		Action: graphAction,
	}
}

func graphAction(c *cli.Context) error {
	format, err := chosenFormat(c, topology.GraphFormats)
	if err != nil {
		return err
	}
	t, inputErrs, err := loadTopology(c)
	if err != nil {
		return err
	}
	if err := topology.WriteGraph(c.App.Writer, t, format, topology.GraphOptions{Bare: c.Bool("bare")}); err != nil {
		return cli.Exit(fmt.Sprintf("write graph: %v", err), exitUsage)
	}
	return inputVerdict(inputErrs)
}
