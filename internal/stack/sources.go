package stack

import (
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/render"
)

// LoadSources loads paths as written, for a command that edits them in
// place (fix): nothing is rendered, and each Helm chart directory met in a
// walk is left out and passed to leftOut (templates are not manifests to
// edit). Excluded paths are left out silently.
func LoadSources(paths []string, load Loading, leftOut func(chart string)) *manifest.Result {
	skip := func(p string, dir bool) bool {
		if dir && render.IsChart(p) && !load.Exclude.Match(p) {
			leftOut(p)
			return true
		}
		return false
	}
	return manifest.Load(load.included(paths), load.options(skip))
}
