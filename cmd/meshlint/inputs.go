package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/meshlint/meshlint/internal/finding"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/render"
)

// renderFlags shape Helm charts and kustomizations given as inputs.
func renderFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "values", Aliases: []string{"f"}, Usage: "Helm chart directories: a values file (repeatable, later files win)"},
		&cli.StringSliceFlag{Name: "set", Usage: "Helm chart directories: set a value, as helm --set (repeatable)"},
		&cli.StringSliceFlag{Name: "set-string", Usage: "Helm chart directories: set a string value, as helm --set-string (repeatable)"},
		&cli.StringFlag{Name: "release-name", Value: "release-name", Usage: "Helm chart directories: the release name"},
		&cli.StringFlag{Name: "namespace", Aliases: []string{"n"}, Usage: "Helm chart directories: the release namespace (default \"default\"); with --cluster: audit only this namespace"},
		&cli.DurationFlag{Name: "render-timeout", Value: defaultRenderTimeout, Usage: "Helm chart directories: give up rendering a chart after this long (a template that loops); rendered output is also capped at 64 MiB per chart"},
		&cli.BoolFlag{Name: "allow-remote", Usage: "kustomization directories: fetch remote resources, bases and components (git, http); without it a remote base is an input error and nothing reaches the network"},
		&cli.DurationFlag{Name: "remote-timeout", Value: render.DefaultRemoteTimeout, Usage: "with --allow-remote: give up a kustomize build that fetches remote bases after this long"},
	}
}

// inputs is what a command loaded: the objects, the map from rendered
// files back to their sources, and what to report on.
type inputs struct {
	loaded  *manifest.Result
	sources render.Map
	notices []string
	// scope holds the files (and chart directories) to report on, as
	// absolute paths; nil reports on everything loaded.
	scope map[string]bool
	// built holds the kustomization directories (absolute) whose build
	// gave files: their objects may come from bases elsewhere.
	built map[string]bool
}

// loadInputs loads paths as lint, report and graph take them: files,
// directories (walked; a chart found inside is rendered rather than read
// as manifests), "-", a directory with Chart.yaml (rendered with Helm) or
// with a kustomization (built with kustomize). With contextDir, the
// directory is loaded too, and only findings on paths are reported (a
// file inside a chart puts the whole chart in scope: its findings sit on
// templates and values alike).
func loadInputs(c *cli.Context, paths []string, contextDir string) *inputs {
	in := &inputs{sources: render.Map{}, built: map[string]bool{}}
	l := &loader{c: c, in: in, charts: map[string]bool{}}
	if contextDir != "" {
		in.scope = map[string]bool{}
		// "-" goes in as its absolute path too: objects read from standard
		// input carry File "-", which inScope resolves the same way.
		for _, p := range paths {
			in.scope[absPath(l.chartOf(p))] = true
		}
		l.skipFiles = in.scope
	}
	for _, p := range paths {
		l.add(p, true)
	}
	if contextDir != "" {
		// The context is loaded first and the paths given last: of an
		// object defined in both, the loader keeps the last definition, as
		// `kubectl apply -f` would after applying the context (manifest
		// RemoveDuplicates), so the files under review win over the
		// context's copy. Charts stay named as the paths given name them.
		given := len(l.queue)
		l.add(contextDir, false)
		l.queue = append(l.queue[given:], l.queue[:given]...)
	}
	manifest.Stdin = c.App.Reader
	in.loaded = manifest.LoadInputs(l.queue, manifest.Options{Skip: l.skip})
	in.loaded.Errors = append(l.errs, in.loaded.Errors...)
	return in
}

type loader struct {
	c         *cli.Context
	in        *inputs
	queue     []manifest.Input
	errs      []error
	charts    map[string]bool // chart directories rendered (absolute)
	skipFiles map[string]bool // given paths, not to load again from the context
	stdin     []byte          // standard input, for --values -
}

// add queues one path. given tells a path of the command line from the
// context directory.
func (l *loader) add(p string, given bool) {
	if p == "-" {
		l.queue = append(l.queue, manifest.Input{Path: p})
		return
	}
	info, err := os.Stat(p)
	switch {
	case err != nil:
		l.queue = append(l.queue, manifest.Input{Path: p}) // the loader reports it
	case !info.IsDir():
		if chart := l.chartOf(p); chart != p {
			l.helm(chart)
			return
		}
		l.queue = append(l.queue, manifest.Input{Path: p})
	case render.IsChart(p):
		l.helm(p)
	case given && render.IsKustomization(p):
		l.kustomize(p)
	default:
		l.findCharts(p)
		l.queue = append(l.queue, manifest.Input{Path: p})
	}
}

// chartOf returns the chart directory a file belongs to (the nearest
// parent with Chart.yaml, when the file is one of its templates, values
// or Chart.yaml), else the file itself.
func (l *loader) chartOf(file string) string {
	if info, err := os.Stat(file); err != nil || info.IsDir() {
		return file
	}
	// Climb with "..", not filepath.Dir: a relative path must climb above
	// the working directory too (x.yaml, run from the chart's templates/),
	// and stays relative so findings and errors name the path as given.
	for dir := filepath.Dir(file); ; dir = filepath.Join(dir, "..") {
		if render.IsChart(dir) {
			return dir
		}
		if abs := absPath(dir); filepath.Dir(abs) == abs {
			return file
		}
	}
}

// findCharts renders the charts under a directory that is walked.
func (l *loader) findCharts(root string) {
	walk := manifest.WalkRoot(root)
	_ = filepath.WalkDir(walk, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || p == walk {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if render.IsChart(p) {
			l.helm(p)
			return filepath.SkipDir
		}
		return nil
	})
}

// skip leaves rendered charts and the given paths (files and directories
// alike, loaded on their own) out of the context directory's walk.
func (l *loader) skip(p string, dir bool) bool {
	abs := absPath(p)
	return dir && l.charts[abs] || l.skipFiles[abs]
}

func (l *loader) kustomize(dir string) {
	if l.c.Bool("allow-remote") && os.Getenv("GIT_TERMINAL_PROMPT") == "" {
		// git asks for credentials on the terminal, where a CI job or a
		// pre-commit hook would wait forever: fail instead.
		os.Setenv("GIT_TERMINAL_PROMPT", "0")
	}
	res, err := render.KustomizeWith(dir, render.KustomizeOptions{
		AllowRemote: l.c.Bool("allow-remote"), RemoteTimeout: l.c.Duration("remote-timeout")})
	if err != nil {
		l.errs = append(l.errs, inputError(dir, err))
		return
	}
	l.in.notices = append(l.in.notices, res.Notices...)
	l.in.built[absPath(dir)] = len(res.Files) > 0
	l.rendered(res.Files)
}

func (l *loader) rendered(files []render.File) {
	l.in.sources.Add(files)
	l.queue = append(l.queue, render.Inputs(files)...)
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

// inputError keeps an error that already names its file, else names dir.
func inputError(dir string, err error) error {
	var me *manifest.Error
	if errors.As(err, &me) {
		return me
	}
	return &manifest.Error{File: dir, Msg: err.Error()}
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// source maps a position in what was loaded to the file the user edits.
func (in *inputs) source(file string, line int) (string, int) {
	pos, _ := in.sources.Resolve(file, line)
	return pos.File, pos.Line
}

// inScope tells whether a finding or error at file is reported.
func (in *inputs) inScope(file string) bool {
	if in.scope == nil {
		return true
	}
	abs := absPath(file)
	for p := abs; ; p = filepath.Dir(p) {
		if in.scope[p] {
			return true
		}
		if filepath.Dir(p) == p {
			return false
		}
	}
}

// place moves findings to their sources and keeps those in scope.
func (in *inputs) place(fs []finding.Finding) []finding.Finding {
	out := fs[:0]
	for _, f := range fs {
		f.File, f.Line = in.source(f.File, f.Line)
		if in.inScope(f.File) {
			out = append(out, f)
		}
	}
	return finding.Sort(out)
}

// placeErrors moves input errors to their sources. Errors outside the
// scope (in context files) come back apart: they are shown, not counted.
func (in *inputs) placeErrors(errs []error) (kept, context []error) {
	for _, err := range errs {
		var me *manifest.Error
		if errors.As(err, &me) {
			file, line := in.source(me.File, me.Line)
			err = &manifest.Error{File: file, Line: line, Msg: me.Msg}
			if !in.inScope(file) {
				context = append(context, err)
				continue
			}
		}
		kept = append(kept, err)
	}
	return kept, context
}

// checkContextDir refuses a --context that is not a directory.
func checkContextDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("--context: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("--context: %s is not a directory (a kubeconfig context is named with --cluster)", dir)
	}
	return nil
}
