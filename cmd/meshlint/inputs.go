package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/render"
	"github.com/meshlint/meshlint/internal/stack"
)

// renderFlags shape Helm charts and kustomizations given as inputs.
func renderFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringSliceFlag{Name: "values", Aliases: []string{"f"}, Usage: "Helm chart directories: a values file (repeatable, later files win)"},
		&cli.StringSliceFlag{Name: "set", Usage: "Helm chart directories: set a value, as helm --set (repeatable)"},
		&cli.StringSliceFlag{Name: "set-string", Usage: "Helm chart directories: set a string value, as helm --set-string (repeatable)"},
		&cli.StringFlag{Name: "release-name", Value: "release-name", Usage: "Helm chart directories: the release name"},
		&cli.StringFlag{Name: "namespace", Aliases: []string{"n"}, Usage: "Helm chart directories: the release namespace (default \"default\"); with --cluster: audit only this namespace"},
		&cli.DurationFlag{Name: "render-timeout", Value: stack.DefaultRenderTimeout, Usage: "Helm chart directories: give up rendering a chart after this long (a template that loops); rendered output is also capped at 64 MiB per chart"},
		&cli.BoolFlag{Name: "allow-remote", Usage: "kustomization directories: fetch remote resources, bases and components (git, http); without it a remote base is an input error and nothing reaches the network"},
		&cli.DurationFlag{Name: "remote-timeout", Value: render.DefaultRemoteTimeout, Usage: "with --allow-remote: give up a kustomize build that fetches remote bases after this long"},
	}, loadFlags()...)
}

// loadFlags shape the reading of files, for every command that reads them.
func loadFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "exclude", Action: checkExclude,
			Usage: "leave out paths matching this glob, relative to the working directory (** for any depth; repeatable; added to the config's exclude:), in directory walks and among the PATHs given"},
		&cli.StringFlag{Name: "max-document-size", Value: "8Mi", Action: checkSize,
			Usage: "refuse a YAML document (or a JSON file) larger than this, in bytes or with a suffix (64Mi, at most 1Gi); files have no limit"},
	}
}

func checkExclude(_ *cli.Context, globs []string) error {
	for _, g := range globs {
		if err := config.CheckGlob(g); err != nil {
			return usagef("--%v", err)
		}
	}
	return nil
}

func checkSize(_ *cli.Context, v string) error {
	if _, err := parseSize(v); err != nil {
		return usagef("%v", err)
	}
	return nil
}

func parseSize(v string) (int64, error) {
	q, err := resource.ParseQuantity(v)
	if err != nil || q.Value() < 1 {
		return 0, fmt.Errorf("--max-document-size %q: want a positive size such as 16Mi", v)
	}
	if q.Value() > manifest.MaxDocumentLimit {
		return 0, fmt.Errorf("--max-document-size %q: at most 1Gi", v)
	}
	return q.Value(), nil
}

// loading maps the load flags, and the exclude: of the config, onto the
// loader's options.
func loading(c *cli.Context) (stack.Loading, error) {
	var l stack.Loading
	if c.IsSet("max-document-size") {
		n, err := parseSize(c.String("max-document-size"))
		if err != nil {
			return l, err
		}
		l.MaxDocumentSize = n
	}
	cfg, err := stack.Config(c.String("config"))
	if err != nil {
		return l, err
	}
	l.Exclude = cfg.Excludes()
	if err := l.Exclude.Add(".", c.StringSlice("exclude")...); err != nil {
		return l, fmt.Errorf("--%w", err)
	}
	return l, nil
}

// loadStack loads paths as lint, report, graph and diff take them (see
// package stack), with the rendering flags of c. The flags' actions have
// checked the load flags, and the command the config.
func loadStack(c *cli.Context, paths []string, contextDir string) *stack.Stack {
	return stack.Load(stackOptions(c, paths, contextDir))
}

func stackOptions(c *cli.Context, paths []string, contextDir string) stack.Options {
	l, _ := loading(c)
	return stack.Options{Loading: l,
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
