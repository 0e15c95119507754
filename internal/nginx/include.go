package nginx

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// MaxIncludedBytes and MaxIncludes bound what ResolveIncludes splices in,
// so that files including each other several times (a diamond, not a
// cycle: each file includes the next twice) cannot blow up exponentially:
// sixteen such levels are 65,536 inclusions of a few bytes each. The
// count is far above what real configurations include (a conf.d of a few
// dozen files, each with a handful of snippets).
const (
	MaxIncludedBytes = 16 << 20
	MaxIncludes      = 4096
)

// Unresolved is an include directive that ResolveIncludes left in place.
type Unresolved struct {
	Directive *Directive
	Name      string // the key looked up: the basename of the include argument
	Glob      bool   // Name is a pattern that matched no key (nginx accepts that silently)
	Cycle     bool   // the file includes itself, directly or not
	Err       error  // the included text does not parse, or the size limit was hit
}

// Layout tells which files an include argument names.
type Layout interface {
	// Include returns the names of the files arg names, in the order
	// nginx reads them, and whether that list is the whole answer: false
	// when the file, or some file a glob may match, is unknown.
	Include(arg string) (names []string, complete bool)
}

// Parser is a Layout that parses the files it names itself (from a cache
// of files that never change, say); the resolver then uses it.
type Parser interface {
	Parse(name string, text []byte) (*Config, error)
}

// ResolveIncludes replaces every `include` directive whose file is known by
// the directives of that file, parsed. Files are named like the keys of a
// ConfigMap: only the basename of the include argument is looked up
// (`/etc/nginx/conf.d/proxy.conf` -> `proxy.conf`). A glob argument
// (nginx expands "*", "?" and "[", ngx_conf_include) is matched with
// path.Match against keys, in sorted order as glob(3) returns them; with
// no keys given, globs stay unresolved. Directives spliced in get Source =
// their key, Include = the include directive and the include's Parent.
// Includes inside included files are resolved too; a cycle is not.
func (c *Config) ResolveIncludes(lookup func(name string) ([]byte, bool), keys ...string) []Unresolved {
	k := append(keyLayout(nil), keys...)
	sort.Strings(k)
	return c.ResolveIncludesIn(lookup, k)
}

// ResolveIncludesIn is ResolveIncludes with the files an include names
// given by layout (e.g. the files a container sees, by absolute path).
// A glob whose list is not complete is spliced with the files it is known
// to match, and its include directive is kept after them as unresolved:
// what else it reads is unknown (Proxy.Incomplete sees it).
func (c *Config) ResolveIncludesIn(lookup func(name string) ([]byte, bool), layout Layout) []Unresolved {
	r := &resolver{lookup: lookup, layout: layout}
	c.Directives = r.list(c.Directives, nil, []string{c.File})
	return r.unresolved
}

// keyLayout names files by the basename of the include argument among
// sorted keys: the files of one ConfigMap.
type keyLayout []string

func (keys keyLayout) Include(arg string) ([]string, bool) {
	name := path.Base(strings.ReplaceAll(arg, `\`, "/"))
	if !strings.ContainsAny(name, "*?[") {
		return []string{name}, true
	}
	var out []string
	for _, k := range keys {
		if ok, _ := path.Match(name, k); ok {
			out = append(out, k)
		}
	}
	return out, len(out) > 0
}

type resolver struct {
	lookup     func(name string) ([]byte, bool)
	layout     Layout
	unresolved []Unresolved
	bytes      int
	count      int
	parsed     map[string]*Config // each file is parsed once, then cloned

	overflow    bool  // MaxIncludes or MaxIncludedBytes was passed
	overflowErr error // the one error that says so
}

// errOverflow marks the includes met after the bound was passed.
var errOverflow = fmt.Errorf("include bound passed")

// list resolves the includes in ds, whose parent is parent; stack holds the
// files being expanded, to stop cycles.
func (r *resolver) list(ds []*Directive, parent *Directive, stack []string) []*Directive {
	out := make([]*Directive, 0, len(ds))
	for _, d := range ds {
		if d.Name == "include" && len(d.Args) == 1 && !d.IsBlock() {
			if got, ok := r.include(d, parent, stack); ok {
				out = append(out, got...)
				continue
			}
		}
		if d.Block != nil {
			d.Block = r.list(d.Block, d, stack)
		}
		out = append(out, d)
	}
	return out
}

// include returns the directives d includes, or false to keep d in place.
func (r *resolver) include(d, parent *Directive, stack []string) ([]*Directive, bool) {
	names, complete := r.layout.Include(d.Args[0])
	glob := strings.ContainsAny(d.Args[0], "*?[")
	if glob && len(names) == 0 && !complete {
		r.unresolved = append(r.unresolved, Unresolved{Directive: d, Name: path.Base(d.Args[0]), Glob: true})
		return nil, false
	}
	var out []*Directive
	for _, n := range names {
		got, u := r.file(d, parent, n, stack)
		if u != nil {
			// Past the bound every enclosing include fails too: the
			// first error names the chain, the others stay in place.
			if !(u.Err != nil && r.overflow && u.Err != r.overflowErr) {
				r.unresolved = append(r.unresolved, *u)
			}
			return nil, false
		}
		out = append(out, got...)
	}
	if glob && !complete {
		r.unresolved = append(r.unresolved, Unresolved{Directive: d, Name: d.Args[0], Glob: true})
		out = append(out, d)
	}
	return out, true
}

// file parses the file named name for the include d.
func (r *resolver) file(d, parent *Directive, name string, stack []string) ([]*Directive, *Unresolved) {
	for _, s := range stack {
		if s == name {
			return nil, &Unresolved{Directive: d, Name: name, Cycle: true}
		}
	}
	if r.overflow {
		return nil, &Unresolved{Directive: d, Name: name, Err: errOverflow}
	}
	text, ok := r.lookup(name)
	if !ok {
		return nil, &Unresolved{Directive: d, Name: name}
	}
	r.bytes += len(text)
	if r.count++; r.count > MaxIncludes || r.bytes > MaxIncludedBytes {
		r.overflow = true
		r.overflowErr = fmt.Errorf("include %s: more than %d files or %d bytes included in all (include chain %s)",
			name, MaxIncludes, MaxIncludedBytes, strings.Join(append(stack[:len(stack):len(stack)], name), " -> "))
		return nil, &Unresolved{Directive: d, Name: name, Err: r.overflowErr}
	}
	sub, err := r.parse(name, text)
	if err != nil {
		return nil, &Unresolved{Directive: d, Name: name, Err: fmt.Errorf("include %s: %w", name, err)}
	}
	ds := cloneList(sub.Directives, parent)
	for _, top := range ds {
		top.Parent = parent
	}
	(&Config{Directives: ds}).Walk(func(x *Directive) bool {
		x.Include = d
		return true
	})
	return r.list(ds, parent, append(stack[:len(stack):len(stack)], name)), nil
}

// parse parses the file named name once; later includes of it clone the
// result (resolution rewrites the directives it splices).
func (r *resolver) parse(name string, text []byte) (*Config, error) {
	if c, ok := r.parsed[name]; ok {
		return c, nil
	}
	parse := Parse
	if p, ok := r.layout.(Parser); ok {
		parse = p.Parse
	}
	c, err := parse(name, text)
	if err != nil {
		return nil, err
	}
	if r.parsed == nil {
		r.parsed = map[string]*Config{}
	}
	r.parsed[name] = c
	return c, nil
}
