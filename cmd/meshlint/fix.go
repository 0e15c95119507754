package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/mutate"
	"github.com/meshlint/meshlint/internal/render"
	"github.com/meshlint/meshlint/internal/stack"
	"github.com/meshlint/meshlint/internal/validate"
	"github.com/meshlint/meshlint/internal/yamledit"
)

func fixCommand() *cli.Command {
	return &cli.Command{
		Name:  "fix",
		Usage: "apply the mutations MM01-MM03 to manifest files: a unified diff (default) or the files rewritten",
		Description: "Exit status with --diff: 0 nothing to change, 1 changes to make; with --write: 0 written.\n" +
			"2 on usage or input errors: then no file is written.",
		ArgsUsage: "PATH...",
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "diff", Usage: "print a unified diff of every file that would change (the default)"},
			&cli.BoolFlag{Name: "write", Usage: "rewrite the files in place, atomically, keeping comments, key order and file mode"},
			&cli.BoolFlag{Name: "generate-destination-rules", Usage: "also write an ISTIO_MUTUAL DestinationRule for each meshed Service that has none (MM04)"},
			&cli.StringFlag{Name: "output", Usage: "where --generate-destination-rules writes (appended when the file exists, without the rules it already holds; default: standard output, with --write only)"},
			&cli.StringFlag{Name: "config", Usage: "config file (default: .meshlint.yaml in the current directory or the nearest parent)"},
		}, loadFlags()...),
		Action: fix,
	}
}

// fixPlan is what one run would change.
type fixPlan struct {
	files     []fileChange
	planned   []mutate.Planned
	generated []mutate.GeneratedObject
	gen       []byte   // the generated objects, as YAML documents
	inputs    []string // the files loaded, for RemoveStale
}

type fileChange struct {
	path     string
	old, new []byte
	orig     *yamledit.Original // what WriteFile checks before it replaces the file
}

func fix(c *cli.Context) error {
	if err := fixUsage(c); err != nil {
		return err
	}
	cfg, err := stack.Config(c.String("config"))
	if err != nil {
		return cli.Exit(err.Error(), exitUsage)
	}
	start := time.Now()
	p, err := planFix(c, cfg)
	if err != nil {
		return cli.Exit(err.Error()+"; no file written", exitUsage)
	}
	printChanges(c.App.ErrWriter, p)
	if c.Bool("write") {
		err = writeFix(c, p, start)
	} else {
		err = diffFix(c, p)
	}
	if err != nil {
		return err
	}
	summarize(c, p)
	if !c.Bool("write") && len(p.files) > 0 {
		return cli.Exit("", exitFindings)
	}
	return nil
}

// summarize says on stderr what the run did, or would do.
func summarize(c *cli.Context, p *fixPlan) {
	w, n := c.App.ErrWriter, 0
	for _, pl := range p.planned {
		n += len(pl.Result.Changes)
	}
	switch {
	case n == 0 && len(p.generated) == 0:
		fmt.Fprintln(w, "meshlint fix: nothing to change")
	case n > 0 && c.Bool("write"):
		fmt.Fprintf(w, "meshlint fix: %s made, %s rewritten\n", count(n, "change"), count(len(p.files), "file"))
	case n > 0:
		fmt.Fprintf(w, "meshlint fix: %s to make in %s (meshlint fix --write makes them)\n", count(n, "change"), count(len(p.files), "file"))
	}
	if len(p.generated) > 0 {
		to := c.String("output")
		if to == "" {
			to = "standard output"
		}
		fmt.Fprintf(w, "meshlint fix: %s written to %s\n", count(len(p.generated), "DestinationRule"), to)
	}
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func fixUsage(c *cli.Context) error {
	switch {
	case c.Bool("diff") && c.Bool("write"):
		return usagef("--diff and --write exclude each other")
	case c.IsSet("output") && !c.Bool("generate-destination-rules"):
		return usagef("--output needs --generate-destination-rules")
	case c.Bool("generate-destination-rules") && !c.Bool("write") && c.String("output") == "":
		return usagef("--generate-destination-rules with --diff needs --output FILE: standard output holds the diff")
	case !c.Args().Present():
		return usagef("fix needs at least one PATH")
	}
	for _, a := range c.Args().Slice() {
		if a == "-" {
			return usagef("fix rewrites files: it does not read standard input")
		}
	}
	return nil
}

// planFix loads the paths, plans the mutations and makes every file's new
// text. Any input error stops it: mutations planned on part of the input
// could be wrong for the whole (a rule in an unreadable file may be the one
// that makes a change unsafe).
func planFix(c *cli.Context, cfg *config.Config) (*fixPlan, error) {
	s := validate.Settings(cfg)
	on := func(id string) bool { return cfg.Rules[id].Mode != config.ModeOff }
	for _, p := range c.Args().Slice() {
		if render.IsChart(p) {
			return nil, fmt.Errorf("%s is a Helm chart: fix edits manifests in place, not templates (meshlint lint %s shows the findings at the template lines)", p, p)
		}
	}
	load, err := loading(c)
	if err != nil {
		return nil, err
	}
	loaded := stack.LoadSources(c.Args().Slice(), load, func(chart string) {
		fmt.Fprintf(c.App.ErrWriter, "%s: a Helm chart, left out (fix edits manifests in place, not templates)\n", chart)
	})
	m := mesh.Build(loaded.Objects, s)
	if n := reportInputErrors(c.App.ErrWriter, loaded, m); n > 0 {
		return nil, fmt.Errorf("%s", count(n, "input error"))
	}
	p := &fixPlan{planned: unique(mutate.Plan(loaded.Objects, m, mutate.Options{Enabled: on}))}
	order, targets := fileTargets(p.planned)
	for _, f := range order {
		old, orig, err := yamledit.ReadOriginal(f)
		if err != nil {
			return nil, err
		}
		edited, err := yamledit.Apply(f, old, targets[f])
		if err != nil {
			return nil, err
		}
		p.files = append(p.files, fileChange{path: f, old: old, new: edited, orig: orig})
	}
	p.inputs = loadedFiles(loaded.Objects)
	if c.Bool("generate-destination-rules") {
		if !on("MM04") {
			return nil, fmt.Errorf("--generate-destination-rules: the config turns MM04 off (rules.MM04.mode)")
		}
		known, err := outputObjects(c.String("output"), p.inputs)
		if err != nil {
			return nil, err
		}
		if err := p.generate(loaded.Objects, known, s); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// unique drops the plans of objects loaded twice (a file named on its own
// and inside a directory): each is made once.
func unique(planned []mutate.Planned) []mutate.Planned {
	var out []mutate.Planned
	seen := map[string]bool{}
	for _, pl := range planned {
		o := pl.Object
		key := fmt.Sprint(filepath.Clean(o.File), ":", o.Line, ":", o.Ref(), ":", pl.Mutation)
		if !seen[key] {
			seen[key] = true
			out = append(out, pl)
		}
	}
	return out
}

// fileTargets groups the edits by file, in input order.
func fileTargets(planned []mutate.Planned) ([]string, map[string][]yamledit.Target) {
	var order []string
	targets := map[string][]yamledit.Target{}
	for _, pl := range planned {
		f := filepath.Clean(pl.Object.File)
		if targets[f] == nil {
			order = append(order, f)
		}
		targets[f] = append(targets[f], yamledit.Target{Object: pl.Object, Edits: pl.Result.Edits})
	}
	return order, targets
}

func reportInputErrors(w io.Writer, loaded *manifest.Result, m *mesh.Model) int {
	for _, err := range loaded.Errors {
		fmt.Fprintln(w, err)
	}
	for _, p := range m.Problems {
		fmt.Fprintln(w, &manifest.Error{File: p.Object.File, Line: p.Line, Msg: p.Msg})
	}
	return len(loaded.Errors) + len(m.Problems)
}

// generate runs MM04 on the mesh as it will be once the planned edits are
// made (a database MM02 takes out of the mesh gets no ISTIO_MUTUAL rule).
// known are the objects already in --output when it is not an input: the
// rules an earlier run wrote there count as written.
func (p *fixPlan) generate(objs, known []*manifest.Object, s mesh.Settings) error {
	mutated, err := mutate.Mutated(objs, p.planned)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	p.generated = mutate.Generate(mesh.Build(append(mutated, known...), s))
	for i, g := range p.generated {
		y, err := g.YAML()
		if err != nil {
			return fmt.Errorf("render %s: %w", g.Ref, err)
		}
		if i > 0 {
			out.WriteString("---\n")
		}
		out.Write(y)
	}
	p.gen = out.Bytes()
	return nil
}

// printChanges lists every change, as file:line: mutation object: reason
// (for MM04, the line of the Service the new rule is for).
func printChanges(w io.Writer, p *fixPlan) {
	for _, pl := range p.planned {
		for _, ch := range pl.Result.Changes {
			fmt.Fprintf(w, "%s:%d: %s %s: %s\n", manifest.QuoteName(pl.Object.File), ch.Line, ch.Mutation, ch.Object, ch.Reason)
		}
	}
	for _, g := range p.generated {
		fmt.Fprintf(w, "%s:%d: %s %s: %s\n", manifest.QuoteName(g.Service.File), g.Change.Line, g.Change.Mutation, g.Change.Object, g.Change.Reason)
	}
}
