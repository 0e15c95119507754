package config

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Excludes are path globs that loading leaves out: of a directory walk,
// and of the paths given (pre-commit names each changed file). A glob is
// matched against the path relative to its base, the config file's
// directory for `exclude:` and the working directory for --exclude, with
// "/" as separator: "*", "?" and "[...]" match within one path element
// (path.Match), "**" matches any number of elements, none included, as
// in doublestar, which kube-linter's --ignore-paths uses
// (kube-linter: pkg/lintcontext/create_contexts.go). A glob that matches
// a directory leaves out all it holds.
type Excludes struct {
	globs []pathGlob
	tree  string // see Within
}

// Within matches the files under tree as the same files of the working
// directory: tree is a copy of it (a revision that meshlint diff exported).
func (e *Excludes) Within(tree string) *Excludes {
	if e.Empty() || tree == "" {
		return e
	}
	c := *e
	c.tree, _ = filepath.Abs(tree)
	return &c
}

type pathGlob struct {
	base  string   // absolute
	elems []string // the pattern's path elements
}

// Add adds patterns relative to base.
func (e *Excludes) Add(base string, patterns ...string) error {
	abs, err := filepath.Abs(base)
	if err != nil {
		return fmt.Errorf("exclude: %w", err)
	}
	for _, p := range patterns {
		if err := CheckGlob(p); err != nil {
			return err
		}
		b := abs
		if path.IsAbs(filepath.ToSlash(p)) {
			b = string(filepath.Separator)
		}
		e.globs = append(e.globs, pathGlob{base: b, elems: splitGlob(p)})
	}
	return nil
}

// CheckGlob refuses a pattern that path.Match would refuse.
func CheckGlob(p string) error {
	if strings.TrimSpace(p) == "" {
		return fmt.Errorf("exclude: an empty pattern")
	}
	for _, el := range splitGlob(p) {
		if _, err := path.Match(el, ""); err != nil {
			return fmt.Errorf("exclude: %q: %w", p, err)
		}
	}
	return nil
}

func splitGlob(p string) []string {
	p = path.Clean(filepath.ToSlash(p))
	return strings.Split(strings.TrimPrefix(p, "/"), "/")
}

// Empty tells whether nothing is excluded.
func (e *Excludes) Empty() bool { return e == nil || len(e.globs) == 0 }

// Match tells whether path (absolute, or relative to the working
// directory) or a directory holding it is excluded.
func (e *Excludes) Match(p string) bool {
	if e.Empty() {
		return false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return false
	}
	if rel, err := filepath.Rel(e.tree, abs); e.tree != "" && err == nil && filepath.IsLocal(rel) {
		abs, _ = filepath.Abs(rel)
	}
	for _, g := range e.globs {
		rel, err := filepath.Rel(g.base, abs)
		if err != nil || rel == "." {
			continue
		}
		elems := strings.Split(filepath.ToSlash(rel), "/")
		for n := 1; n <= len(elems); n++ {
			if matchSegments(g.elems, elems[:n]) { // ignore.go
				return true
			}
		}
	}
	return false
}

// Excludes returns the config's `exclude:` globs, relative to the config
// file's directory (the working directory for the defaults).
func (c *Config) Excludes() *Excludes {
	base := "."
	if c.File != "" {
		base = filepath.Dir(c.File)
	}
	e := &Excludes{}
	_ = e.Add(base, c.Exclude...) // checked when loaded
	return e
}

func (c *Config) checkExclude(list *yaml.Node) []lineError {
	var errs []lineError
	for i, p := range c.Exclude {
		if err := CheckGlob(p); err != nil {
			errs = append(errs, errorf(item(list, i), "%v", err))
		}
	}
	return errs
}
