package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/topology"
)

func graphCommand() *cli.Command {
	return &cli.Command{
		Name: "graph",
		Usage: "draw the hops as a Mermaid or DOT graph, or an HTML page (the graph plus the report's tables): " +
			"one node per workload and ingress controller, edges labelled with port and protocol, " +
			"green mTLS, grey plain text, red broken or passthrough",
		ArgsUsage: "PATH...|-",
		Flags: append([]cli.Flag{
			formatFlag(topology.GraphFormats),
			configFlag(),
			&cli.BoolFlag{Name: "bare", Usage: "mermaid: leave out the ```mermaid fence (the default output pastes as is into a GitHub comment)"},
			&cli.StringFlag{Name: "only", Usage: "`broken`: draw only the broken hops (red: passthrough, misrouted, rejected, denied, hangs) and their ends"},
			&cli.BoolFlag{Name: "force", Usage: "mermaid: print the diagram even past the limits GitHub renders (for mermaid-cli with maxEdges/maxTextSize raised)"},
			&cli.GenericFlag{Name: "namespace", Aliases: []string{"n"}, Value: &namespaceList{},
				Usage: "draw only the hops with either end in `NS`, and NS's nodes (repeatable); " +
					"Helm chart directories render into the first NS"},
		}, graphRenderFlags()...),
		Action: graphAction,
	}
}

func graphAction(c *cli.Context) error {
	format, err := chosenFormat(c, topology.GraphFormats)
	if err != nil {
		return err
	}
	opts, err := graphOptions(c)
	if err != nil {
		return err
	}
	t, inputErrs, err := loadTopology(c)
	if err != nil {
		return err
	}
	noteEmptyNamespaces(c, t, opts.Filter.Namespaces)
	if format == "mermaid" && !c.Bool("force") {
		if over := topology.MermaidLimits(t, opts); len(over) > 0 {
			return mermaidTooLarge(over)
		}
	}
	if err := topology.WriteGraph(c.App.Writer, t, format, opts); err != nil {
		return cli.Exit(fmt.Sprintf("write graph: %v", err), exitUsage)
	}
	return inputVerdict(inputErrs)
}

func graphOptions(c *cli.Context) (topology.GraphOptions, error) {
	opts := topology.GraphOptions{Bare: c.Bool("bare")}
	if ns, ok := c.Generic("namespace").(*namespaceList); ok {
		opts.Filter.Namespaces = *ns
	}
	switch only := c.String("only"); only {
	case "":
	case "broken":
		opts.Filter.OnlyBroken = true
	default:
		return opts, usagef("--only: unknown value %q (want broken)", only)
	}
	return opts, nil
}

// mermaidTooLarge: past Mermaid's limits GitHub draws an error box in
// place of the graph, so nothing is printed and the exit status is 2 (as
// for a usage error): a CI step that appends the graph to a job summary
// or a pull-request comment fails loudly instead of posting a diagram
// nobody can read. The message says how to get one that renders.
func mermaidTooLarge(over []string) error {
	return cli.Exit("graph: the Mermaid diagram would have "+strings.Join(over, " and ")+
		", so GitHub would show an error instead of the graph; nothing is printed.\n"+
		"Draw less of it with --namespace NS (repeatable) or --only broken, or all of it with --format html "+
		"(one self-contained page) or --format dot; --force prints it anyway.", exitUsage)
}

// noteEmptyNamespaces says which --namespace holds no node of the stack
// (a typo draws an empty graph, which would otherwise pass in silence).
func noteEmptyNamespaces(c *cli.Context, t *topology.Topology, namespaces []string) {
	held := map[string]bool{}
	for _, n := range t.Nodes {
		held[topology.NamespaceOf(n)] = true
	}
	for _, ns := range namespaces {
		if !held[ns] {
			fmt.Fprintf(c.App.ErrWriter, "note: --namespace %s: no workload, Service or ingress controller of the inputs is in it\n", ns)
		}
	}
}

// namespaceList is graph's --namespace: repeatable, each value a namespace
// to draw. It stands in for the rendering flags' --namespace (the Helm
// release namespace), which the loader reads as a string: String is the
// first value, so a chart renders into the namespace the graph shows.
type namespaceList []string

// Set adds v once: the flag library sets the value again through the
// alias -n once parsing is done.
func (n *namespaceList) Set(v string) error {
	if !slices.Contains(*n, v) {
		*n = append(*n, v)
	}
	return nil
}

func (n *namespaceList) String() string {
	if n == nil || len(*n) == 0 {
		return ""
	}
	return (*n)[0]
}

// graphRenderFlags are the rendering flags but --namespace, which graph
// defines itself.
func graphRenderFlags() []cli.Flag {
	var out []cli.Flag
	for _, f := range renderFlags() {
		if !slices.Contains(f.Names(), "namespace") {
			out = append(out, f)
		}
	}
	return out
}
