package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
)

// HelmOptions are the flags of helm template that change what a chart
// renders.
type HelmOptions struct {
	ValueFiles  []string // --values/-f, in order; "-" is stdin
	Set         []string // --set a=b,c=d (repeatable), Helm's strvals syntax
	SetString   []string // --set-string
	ReleaseName string   // default "release-name", as helm chartTemplate
	Namespace   string   // default "default"
	KubeVersion string   // --kube-version, for .Capabilities and the chart's kubeVersion
	APIVersions []string // --api-versions, added to .Capabilities.APIVersions
	// Only, when set, renders just this template (a path HelmTemplates
	// lists) with the partials, to find which template never ends.
	Only string
}

// IsChart tells whether dir is a Helm chart directory.
func IsChart(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, "Chart.yaml"))
	return err == nil && fi.Mode().IsRegular()
}

// Helm renders the chart in dir (a directory or a packaged .tgz) as helm
// template does: values merged from the chart, the value files and --set
// flags, dependencies enabled by condition and tags, values checked against
// values.schema.json, hooks included, CRDs left out. It returns one File
// per template that renders to something, in the order of Helm's template
// names, named by its path under dir (subcharts' under dir/charts), with
// every line mapped back to the template line, or the line of the chart
// file read by .Files, that produced it. A template that fails comes back
// as a *manifest.Error at the template file and line Helm names; other
// errors name the chart, the values file or the flag.
//
// Helm: pkg/action/install.go (*Install).RunWithContext and
// pkg/action/action.go renderResources, with ClientOnly set.
func Helm(dir string, opts HelmOptions) ([]File, error) {
	vals, err := opts.values()
	if err != nil {
		return nil, err
	}
	caps, err := opts.capabilities()
	if err != nil {
		return nil, err
	}
	ch, err := loader.Load(dir)
	if err != nil {
		return nil, fmt.Errorf("load chart %s: %w", dir, err)
	}
	if err := installable(ch, dir); err != nil {
		return nil, err
	}
	// Before ProcessDependencies, which renames aliased dependencies.
	if err := vendored(ch, dir); err != nil {
		return nil, err
	}
	tree := newChartTree(ch, dir)
	if opts.Only != "" {
		keepOnly(ch, dir, opts.Only)
	}
	if err := chartutil.ProcessDependenciesWithMerge(ch, vals); err != nil {
		return nil, fmt.Errorf("chart %s: %w", dir, err)
	}
	if kv := ch.Metadata.KubeVersion; kv != "" && !chartutil.IsCompatibleRange(kv, caps.KubeVersion.String()) {
		return nil, fmt.Errorf("chart %s requires kubeVersion %s, incompatible with Kubernetes %s", dir, kv, caps.KubeVersion.String())
	}
	rv, err := chartutil.ToRenderValues(ch, vals, opts.release(), caps)
	if err != nil {
		return nil, valuesError(ch, dir, err)
	}
	out, err := engine.Render(ch, rv)
	tree.index(ch)
	if err != nil {
		return nil, tree.blame(err)
	}
	return tree.rendered(out), nil
}

func (o HelmOptions) release() chartutil.ReleaseOptions {
	r := chartutil.ReleaseOptions{Name: o.ReleaseName, Namespace: o.Namespace, IsInstall: true, Revision: 1}
	if r.Name == "" {
		r.Name = "release-name"
	}
	if r.Namespace == "" {
		r.Namespace = "default"
	}
	return r
}

// installable refuses library charts, which render nothing by themselves.
// Helm: cmd/helm/install.go checkIfInstallable.
func installable(ch *chart.Chart, dir string) error {
	switch ch.Metadata.Type {
	case "", "application":
		return nil
	}
	return fmt.Errorf("chart %s: %s charts are not installable", dir, ch.Metadata.Type)
}

// vendored checks that every dependency in Chart.yaml is present under
// charts/, at every level: helm template fails on the chart's own missing
// dependencies, and a subchart's would silently render nothing.
// Helm: pkg/action/dependency.go CheckDependencies.
func vendored(ch *chart.Chart, dir string) error {
	var missing []string
	walkCharts(ch, func(c *chart.Chart) {
	deps:
		for _, r := range c.Metadata.Dependencies {
			for _, d := range c.Dependencies() {
				if d.Name() == r.Name {
					continue deps
				}
			}
			missing = append(missing, c.ChartFullPath()+" -> "+r.Name)
		}
	})
	if len(missing) > 0 {
		return fmt.Errorf("chart %s: dependencies in Chart.yaml missing from charts/ (run helm dependency build): %s", dir, strings.Join(missing, ", "))
	}
	return nil
}

// valuesError names the chart's values.schema.json when Helm lists the
// chart among those whose schema the values break (subcharts' schemas are
// listed by chart name).
func valuesError(ch *chart.Chart, dir string, err error) error {
	if len(ch.Schema) > 0 && strings.Contains(err.Error(), "\n"+ch.Name()+":\n") {
		return fmt.Errorf("%s: %w", filepath.Join(dir, "values.schema.json"), err)
	}
	return fmt.Errorf("chart %s: %w", dir, err)
}

func walkCharts(c *chart.Chart, fn func(*chart.Chart)) {
	fn(c)
	for _, d := range c.Dependencies() {
		walkCharts(d, fn)
	}
}
