package render

import (
	"path"
	"path/filepath"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
)

// HelmTemplates lists the templates of the chart in dir that render a
// file of their own (partials, named _*, do not), as paths under dir,
// subcharts' included: the candidates HelmOptions.Only takes.
func HelmTemplates(dir string) ([]string, error) {
	ch, err := loader.Load(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	walkTemplates(ch, dir, func(c *chart.Chart, t *chart.File, at string) {
		if !isPartial(t) {
			out = append(out, filepath.Join(at, filepath.FromSlash(t.Name)))
		}
	})
	return out, nil
}

// keepOnly drops every template of the chart tree that renders a file of
// its own, but the one at path only: the partials stay, so that the one
// renders as it does with the others.
func keepOnly(ch *chart.Chart, dir, only string) {
	var walk func(c *chart.Chart, at string)
	walk = func(c *chart.Chart, at string) {
		kept := c.Templates[:0:0]
		for _, t := range c.Templates {
			if isPartial(t) || filepath.Join(at, filepath.FromSlash(t.Name)) == only {
				kept = append(kept, t)
			}
		}
		c.Templates = kept
		subs := subcharts(at)
		for _, d := range c.Dependencies() {
			walk(d, subchartDir(subs, d, at))
		}
	}
	walk(ch, dir)
}

func walkTemplates(c *chart.Chart, at string, fn func(*chart.Chart, *chart.File, string)) {
	for _, t := range c.Templates {
		fn(c, t, at)
	}
	subs := subcharts(at)
	for _, d := range c.Dependencies() {
		walkTemplates(d, subchartDir(subs, d, at), fn)
	}
}

// subchartDir is where a dependency lives, as chartTree.locate finds it.
func subchartDir(subs map[string]string, d *chart.Chart, at string) string {
	if p, ok := subs[d.Metadata.Name+"@"+d.Metadata.Version]; ok {
		return p
	}
	return filepath.Join(at, "charts", d.Name())
}

func isPartial(t *chart.File) bool { return strings.HasPrefix(path.Base(t.Name), "_") }
