package stack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"helm.sh/helm/v3/pkg/chartutil"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/render"
)

// Bounds of one chart's rendering. Go templates cannot be stopped from
// outside (text/template takes no context), and a template that loops
// grows its output without end (6 GB in a minute), so a chart is
// rendered by a child process (the running program, given
// HelmChildCommand: it must answer it with ServeHelm) that is killed at
// the time bound and ends itself at the output bound.
const (
	DefaultRenderTimeout = 30 * time.Second
	maxRenderOutput      = 64 << 20 // bytes of rendered output per chart
	// renderHeapLimit is what the child may hold while rendering: the
	// output, the template engine's copies of it, the chart.
	renderHeapLimit  = 8 * maxRenderOutput
	exitRenderTooBig = 3 // the child's exit status at the output bound
)

// helmRequest is what the parent asks of the child.
type helmRequest struct {
	Dir  string
	Opts render.HelmOptions
}

// helmReply is the child's answer: the files, or the error.
type helmReply struct {
	Files []render.File
	Err   *manifest.Error // an error that names a file
	Text  string          // any other error
}

func (l *loader) helm(dir string) {
	abs := absPath(dir)
	if l.charts[abs] {
		return
	}
	l.charts[abs] = true
	h := l.opts.Helm
	files, err := helmBounded(dir, render.HelmOptions{
		ValueFiles: h.ValueFiles, Set: h.Set, SetString: h.SetString,
		ReleaseName: h.ReleaseName, Namespace: h.Namespace,
	}, h.Timeout, l.valuesStdin())
	if err != nil {
		l.errs = append(l.errs, inputError(dir, err))
		return
	}
	l.rendered(files)
}

// valuesStdin is what a child render reads for --values -: standard
// input, read once and shared by every chart.
func (l *loader) valuesStdin() io.Reader {
	if !slices.Contains(l.opts.Helm.ValueFiles, "-") {
		return nil
	}
	if l.stdin == nil {
		data, err := io.ReadAll(l.opts.Stdin)
		if err != nil {
			l.errs = append(l.errs, &manifest.Error{File: "-", Msg: err.Error()})
		}
		l.stdin = data
	}
	return bytes.NewReader(l.stdin)
}

// helmBounded renders the chart in dir in a child process, bounded in
// time and output. At a bound, it names the template that does not end
// when a second run, one template at a time, finds it.
func helmBounded(dir string, opts render.HelmOptions, timeout time.Duration, stdin io.Reader) ([]render.File, error) {
	files, bound, err := helmChild(dir, opts, timeout, stdin)
	if bound == "" {
		return files, err
	}
	name := chartName(dir)
	if tmpl := runawayTemplate(dir, opts, timeout, stdin); tmpl != "" {
		return nil, &manifest.Error{File: tmpl, Msg: fmt.Sprintf("chart %s: rendering this template %s: it loops or recurses without end", name, bound)}
	}
	return nil, &manifest.Error{File: dir, Msg: fmt.Sprintf("chart %s: rendering %s: a template loops or recurses without end", name, bound)}
}

// runawayTemplate renders each template alone and returns the first that
// hits a bound, or "".
func runawayTemplate(dir string, opts render.HelmOptions, timeout time.Duration, stdin io.Reader) string {
	tmpls, err := render.HelmTemplates(dir)
	if err != nil {
		return ""
	}
	for _, t := range tmpls {
		opts.Only = t
		if _, bound, _ := helmChild(dir, opts, timeout, stdin); bound != "" {
			return t
		}
	}
	return ""
}

// helmChild runs one child render. bound says which bound stopped it
// ("" when none did).
func helmChild(dir string, opts render.HelmOptions, timeout time.Duration, stdin io.Reader) (files []render.File, bound string, err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", fmt.Errorf("render chart %s: %w", dir, err)
	}
	req, err := json.Marshal(helmRequest{Dir: dir, Opts: opts})
	if err != nil {
		return nil, "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, HelmChildCommand, string(req))
	cmd.Stdin = stdin
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	switch {
	case ctx.Err() != nil:
		return nil, fmt.Sprintf("did not finish within %s (--render-timeout)", timeout), nil
	case cmd.ProcessState != nil && cmd.ProcessState.ExitCode() == exitRenderTooBig:
		return nil, fmt.Sprintf("produced more than %d MiB", maxRenderOutput>>20), nil
	case runErr != nil:
		// A crash (a fatal runtime error) prints every goroutine: its first
		// line says what happened.
		first, _, _ := bytes.Cut(bytes.TrimSpace(errOut.Bytes()), []byte("\n"))
		return nil, "", fmt.Errorf("render chart %s: %v: %s", dir, runErr, first)
	}
	var rep helmReply
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		return nil, "", fmt.Errorf("render chart %s: %w", dir, err)
	}
	if rep.Err != nil {
		return nil, "", rep.Err
	}
	if rep.Text != "" {
		return nil, "", errors.New(rep.Text)
	}
	return rep.Files, "", nil
}

// chartName is the name in Chart.yaml, else the directory's.
func chartName(dir string) string {
	if md, err := chartutil.LoadChartfile(filepath.Join(dir, "Chart.yaml")); err == nil && md.Name != "" {
		return md.Name
	}
	return filepath.Base(dir)
}
