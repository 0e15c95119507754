package config

import (
	"path"
	"path/filepath"
	"strings"

	"github.com/meshlint/meshlint/internal/finding"
)

// Ignore suppresses the findings it matches. Every selector is optional and
// a glob (path.Match syntax; in File, "**" also spans directories); an empty
// selector matches anything. Reason is required.
type Ignore struct {
	Rule      string `yaml:"rule"` // a rule ID or "*"
	Kind      string `yaml:"kind"`
	Namespace string `yaml:"namespace"`
	Name      string `yaml:"name"`
	File      string `yaml:"file"` // matched against the path as given to meshlint
	Reason    string `yaml:"reason"`

	Line int `yaml:"-"` // line of the entry in the config file
}

// Ignored returns the first ignore that matches f.
func (c *Config) Ignored(f *finding.Finding) (*Ignore, bool) {
	for i := range c.Ignores {
		if c.Ignores[i].Matches(f) {
			return &c.Ignores[i], true
		}
	}
	return nil, false
}

// Matches tells whether the ignore applies to f.
func (ig *Ignore) Matches(f *finding.Finding) bool {
	return (ig.Rule == "" || ig.Rule == "*" || ig.Rule == f.Rule) &&
		glob(ig.Kind, f.Object.Kind) &&
		glob(ig.Namespace, f.Object.Namespace) &&
		glob(ig.Name, f.Object.Name) &&
		(ig.File == "" || matchPath(ig.File, f.File))
}

func glob(pattern, s string) bool {
	if pattern == "" {
		return true
	}
	ok, _ := path.Match(pattern, s) // patterns were checked at load
	return ok
}

// matchPath matches slash-separated paths segment by segment, "**"
// standing for any number of directories, so "manifests/**/*.yaml" covers
// every depth; "./x" and "x" are the same file.
func matchPath(pattern, name string) bool {
	clean := func(p string) []string { return strings.Split(path.Clean(filepath.ToSlash(p)), "/") }
	return matchSegments(clean(pattern), clean(name))
}

func matchSegments(pat, name []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(name); i++ {
				if matchSegments(pat[1:], name[i:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 || !glob(pat[0], name[0]) {
			return false
		}
		pat, name = pat[1:], name[1:]
	}
	return len(name) == 0
}
