// Package stack loads a stack of manifests the way every meshlint command
// takes it: files, directories (walked; a chart found inside is rendered
// rather than read as manifests), "-", Helm chart directories, kustomization
// directories, and a --context directory read with them but not reported
// on. Commands only map their flags onto Options (kube-linter's
// pkg/lintcontext plays the same part for kube-linter).
package stack

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/meshlint/meshlint/internal/config"
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
	"github.com/meshlint/meshlint/internal/render"
)

// Options say what to load and how to render what needs rendering.
type Options struct {
	Paths []string
	// Context is a directory loaded with Paths whose findings are not
	// reported ("" for none).
	Context string
	// Stdin is what "-" and --values - read.
	Stdin io.Reader
	Helm  HelmOptions
	// AllowRemote lets kustomize fetch remote bases, within RemoteTimeout.
	AllowRemote   bool
	RemoteTimeout time.Duration
	// Prepared, when set, constructs the model's objects as they load and
	// releases their bodies (mesh.Preparer): for a stack that is only
	// linted with Stack.Lint, which reads nothing else of them.
	Prepared *mesh.Preparer
	Loading
}

// Loading shapes the reading of files, for every command.
type Loading struct {
	// Exclude leaves paths out: of walks, and of Paths (pre-commit names
	// each changed file).
	Exclude *config.Excludes
	// MaxDocumentSize bounds one document (manifest.Options).
	MaxDocumentSize int64
}

// options are the manifest loader's options, with skip for the walks.
func (o Loading) options(skip func(string, bool) bool) manifest.Options {
	return manifest.Options{MaxDocumentSize: o.MaxDocumentSize, Skip: func(p string, dir bool) bool {
		return o.Exclude.Match(p) || skip != nil && skip(p, dir)
	}}
}

// included drops the excluded paths ("-" never is).
func (o Loading) included(paths []string) []string {
	if o.Exclude.Empty() {
		return paths
	}
	var out []string
	for _, p := range paths {
		if p == "-" || !o.Exclude.Match(p) {
			out = append(out, p)
		}
	}
	return out
}

// HelmOptions shape the Helm charts given as inputs.
type HelmOptions struct {
	ValueFiles, Set, SetString []string
	ReleaseName, Namespace     string
	Timeout                    time.Duration // the bound of one chart's rendering
}

// Stack is what was loaded: the objects, the map from rendered files back
// to their sources, and what to report on.
type Stack struct {
	Loaded  *manifest.Result
	Sources render.Map
	// Notices are the kustomize builds' notes, to print as "note:".
	Notices []string
	paths   []string
	// scope holds the files (and chart directories) to report on, as
	// absolute paths; nil reports on everything loaded.
	scope map[string]bool
	// built holds the kustomization directories (absolute) whose build
	// gave files: their objects may come from bases elsewhere.
	built map[string]bool
	// prepared constructed the objects as they loaded (Options.Prepared).
	prepared *mesh.Preparer
}

// Load loads opts.Paths. With a Context directory, the directory is loaded
// too, and only findings on Paths are reported (a file inside a chart puts
// the whole chart in scope: its findings sit on templates and values
// alike).
func Load(opts Options) *Stack {
	opts.Paths = opts.included(opts.Paths)
	s := &Stack{Sources: render.Map{}, built: map[string]bool{}, paths: opts.Paths, prepared: opts.Prepared}
	l := &loader{opts: opts, s: s, charts: map[string]bool{}}
	if opts.Context != "" {
		s.scope = map[string]bool{}
		// "-" goes in as its absolute path too: objects read from standard
		// input carry File "-", which InScope resolves the same way.
		for _, p := range opts.Paths {
			s.scope[absPath(l.chartOf(p))] = true
		}
		l.skipFiles = s.scope
	}
	for _, p := range opts.Paths {
		l.add(p, true)
	}
	if opts.Context != "" {
		// The context is loaded first and the paths given last: of an
		// object defined in both, the loader keeps the last definition, as
		// `kubectl apply -f` would after applying the context (manifest
		// RemoveDuplicates), so the files under review win over the
		// context's copy. Charts stay named as the paths given name them.
		given := len(l.queue)
		l.add(opts.Context, false)
		l.queue = append(l.queue[given:], l.queue[:given]...)
	}
	manifest.Stdin = opts.Stdin
	mo := opts.options(l.skip)
	if opts.Prepared != nil {
		mo.Decoded = opts.Prepared.Prepare
	}
	s.Loaded = manifest.LoadInputs(l.queue, mo)
	s.Loaded.Errors = append(l.errs, s.Loaded.Errors...)
	return s
}

type loader struct {
	opts      Options
	s         *Stack
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
		if strings.HasPrefix(d.Name(), ".") || l.opts.Exclude.Match(p) {
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
	if l.opts.AllowRemote && os.Getenv("GIT_TERMINAL_PROMPT") == "" {
		// git asks for credentials on the terminal, where a CI job or a
		// pre-commit hook would wait forever: fail instead.
		os.Setenv("GIT_TERMINAL_PROMPT", "0")
	}
	res, err := render.KustomizeWith(dir, render.KustomizeOptions{
		AllowRemote: l.opts.AllowRemote, RemoteTimeout: l.opts.RemoteTimeout})
	if err != nil {
		l.errs = append(l.errs, inputError(dir, err))
		return
	}
	l.s.Notices = append(l.s.Notices, res.Notices...)
	l.s.built[absPath(dir)] = len(res.Files) > 0
	l.rendered(res.Files)
}

func (l *loader) rendered(files []render.File) {
	l.s.Sources.Add(files)
	l.queue = append(l.queue, render.Inputs(files)...)
}
