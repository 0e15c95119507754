package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/render"
	"github.com/meshlint/meshlint/internal/stack"
)

// renderFlags shape Helm charts and kustomizations given as inputs.
func renderFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "values", Aliases: []string{"f"}, Usage: "Helm chart directories: a values file (repeatable, later files win)"},
		&cli.StringSliceFlag{Name: "set", Usage: "Helm chart directories: set a value, as helm --set (repeatable)"},
		&cli.StringSliceFlag{Name: "set-string", Usage: "Helm chart directories: set a string value, as helm --set-string (repeatable)"},
		&cli.StringFlag{Name: "release-name", Value: "release-name", Usage: "Helm chart directories: the release name"},
		&cli.StringFlag{Name: "namespace", Aliases: []string{"n"}, Usage: "Helm chart directories: the release namespace (default \"default\"); with --cluster: audit only this namespace"},
		&cli.DurationFlag{Name: "render-timeout", Value: stack.DefaultRenderTimeout, Usage: "Helm chart directories: give up rendering a chart after this long (a template that loops); rendered output is also capped at 64 MiB per chart"},
		&cli.BoolFlag{Name: "allow-remote", Usage: "kustomization directories: fetch remote resources, bases and components (git, http); without it a remote base is an input error and nothing reaches the network"},
		&cli.DurationFlag{Name: "remote-timeout", Value: render.DefaultRemoteTimeout, Usage: "with --allow-remote: give up a kustomize build that fetches remote bases after this long"},
	}
}

// loadStack loads paths as lint, report, graph and diff take them (see
// package stack), with the rendering flags of c.
func loadStack(c *cli.Context, paths []string, contextDir string) *stack.Stack {
	return stack.Load(stackOptions(c, paths, contextDir))
}

func stackOptions(c *cli.Context, paths []string, contextDir string) stack.Options {
	return stack.Options{
		Paths: paths, Context: contextDir, Stdin: c.App.Reader,
		Helm: stack.HelmOptions{
			ValueFiles: splitCommas(c.StringSlice("values")), Set: c.StringSlice("set"), SetString: c.StringSlice("set-string"),
			ReleaseName: c.String("release-name"), Namespace: c.String("namespace"), Timeout: c.Duration("render-timeout"),
		},
		AllowRemote: c.Bool("allow-remote"), RemoteTimeout: c.Duration("remote-timeout"),
	}
}

// printLoadNotes writes the notes of the load (kustomize's) on stderr.
func printLoadNotes(c *cli.Context, s *stack.Stack) {
	for _, n := range s.Notices {
		fmt.Fprintln(c.App.ErrWriter, "note:", n)
	}
}

// splitCommas reads -f a.yaml,b.yaml as Helm does (--set keeps its commas:
// Helm's own syntax reads them).
func splitCommas(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
