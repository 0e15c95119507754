package nginx

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// MaxIncludedBytes bounds the text that ResolveIncludes splices in, so that
// files including each other several times (a diamond, not a cycle) cannot
// blow up exponentially.
const MaxIncludedBytes = 16 << 20

// Unresolved is an include directive that ResolveIncludes left in place.
type Unresolved struct {
	Directive *Directive
	Name      string // the key looked up: the basename of the include argument
	Glob      bool   // Name is a pattern that matched no key (nginx accepts that silently)
	Cycle     bool   // the file includes itself, directly or not
	Err       error  // the included text does not parse, or the size limit was hit
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
	r := &resolver{lookup: lookup, keys: append([]string(nil), keys...)}
	sort.Strings(r.keys)
	c.Directives = r.list(c.Directives, nil, []string{c.File})
	return r.unresolved
}

type resolver struct {
	lookup     func(name string) ([]byte, bool)
	keys       []string
	unresolved []Unresolved
	bytes      int
}

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
	name := path.Base(strings.ReplaceAll(d.Args[0], `\`, "/"))
	names := []string{name}
	if strings.ContainsAny(name, "*?[") {
		names = r.glob(name)
		if len(names) == 0 {
			r.unresolved = append(r.unresolved, Unresolved{Directive: d, Name: name, Glob: true})
			return nil, false
		}
	}
	var out []*Directive
	for _, n := range names {
		got, u := r.file(d, parent, n, stack)
		if u != nil {
			r.unresolved = append(r.unresolved, *u)
			return nil, false
		}
		out = append(out, got...)
	}
	return out, true
}

func (r *resolver) glob(pattern string) []string {
	var out []string
	for _, k := range r.keys {
		if ok, _ := path.Match(pattern, k); ok {
			out = append(out, k)
		}
	}
	return out
}

// file parses the file named name for the include d.
func (r *resolver) file(d, parent *Directive, name string, stack []string) ([]*Directive, *Unresolved) {
	for _, s := range stack {
		if s == name {
			return nil, &Unresolved{Directive: d, Name: name, Cycle: true}
		}
	}
	text, ok := r.lookup(name)
	if !ok {
		return nil, &Unresolved{Directive: d, Name: name}
	}
	if r.bytes += len(text); r.bytes > MaxIncludedBytes {
		err := fmt.Errorf("include %s: more than %d bytes included in all", name, MaxIncludedBytes)
		return nil, &Unresolved{Directive: d, Name: name, Err: err}
	}
	sub, err := Parse(name, text)
	if err != nil {
		return nil, &Unresolved{Directive: d, Name: name, Err: fmt.Errorf("include %s: %w", name, err)}
	}
	for _, top := range sub.Directives {
		top.Parent = parent
	}
	sub.Walk(func(x *Directive) bool {
		x.Include = d
		return true
	})
	return r.list(sub.Directives, parent, append(stack[:len(stack):len(stack)], name)), nil
}
