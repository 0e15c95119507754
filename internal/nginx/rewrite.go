package nginx

import (
	"fmt"
	"sort"
)

// Files is a set of config texts by name, as a ConfigMap's data holds
// them: include directives find each other by these names (ResolveIncludes).
type Files map[string]string

// HostRewrite asks that a location send `Host: Host` upstream.
type HostRewrite struct {
	Location *Directive // the location whose proxy_pass sends the Host (Proxy.Location)
	Proxy    *Directive // the proxy_pass it is for: new lines go right after it
	Host     string     // a plain host name, e.g. was-service or was-service.blog-system
}

// Rewritten is what one HostRewrite changed.
type Rewritten struct {
	HostRewrite
	// Old is the Host value that was in effect ("$host"), "" when none
	// was set and nginx sent its default, $proxy_host.
	Old string
	// At is the directive the change is about: the Host directive whose
	// value was replaced, the include inlined in its place, or the
	// directive after which the new lines went (the proxy_pass).
	At *Directive
	// CopiedFrom is the level (server, http or an outer location) whose
	// proxy_set_header list was copied into the location, so that setting
	// Host there drops none of it; nil when nothing was copied.
	CopiedFrom *Directive
	// Inlined names the included files that held the old Host and were
	// written out in the location in place of their include directive,
	// so that the file itself, and every other location including it,
	// stays as it is.
	Inlined []string
	// AddedForwardedHost is set when `proxy_set_header X-Forwarded-Host
	// $host;` was added to keep the client's name for the application
	// ($http_x_forwarded_host when the old Host was that header:
	// ForwardedValue).
	AddedForwardedHost bool
	ForwardedValue     string
}

// Refused is a HostRewrite that was not applied, and why.
type Refused struct {
	HostRewrite
	Err error
}

// RewriteResult is the outcome of RewriteHosts.
type RewriteResult struct {
	Files   Files // the texts that changed, by name; the others are as given
	Done    []Rewritten
	Refused []Refused
}

// RewriteHosts sets the Host header of locations by minimal text edits of
// files; roots are the names of the files nginx reads first (the others
// are only included). In each location:
//   - a Host directive of the location's own proxy_set_header list has its
//     value replaced in place (further Host lines on that level, each of
//     which nginx would send too, are removed);
//   - a Host coming from an included file is replaced in a copy of that
//     file written out in the location instead of the include, so that
//     the file and other locations that include it stay as they are;
//   - a location with no proxy_set_header of its own first gets a copy
//     of the list it inherits: nginx inherits the list only while a level
//     sets none (ngx_http_proxy_merge_loc_conf, "headers_source"), so
//     adding Host alone would drop the others;
//   - `proxy_set_header X-Forwarded-Host $host;` is added unless the
//     location's list already sets X-Forwarded-Host
//     ($http_x_forwarded_host instead when that was the old Host).
//
// New lines go right after the proxy_pass (at the top of the location
// when the proxy_pass sits in an `if`, where proxy_set_header is not
// allowed), indented like the location's other directives.
//
// Each rewrite is checked on its own and then all together: the new texts
// must parse, and for every proxy of the config the headers nginx sends
// must be what they were, but for the Host and X-Forwarded-Host of the
// proxies that take the location's list. A rewrite that fails is Refused.
func RewriteHosts(files Files, roots []string, rws []HostRewrite) RewriteResult {
	keys := make(keyLayout, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return RewriteHostsIn(files, roots, keys, rws)
}

// RewriteHostsIn is RewriteHosts with the files an include names given by
// layout (the files a container sees, named by absolute path).
func RewriteHostsIn(files Files, roots []string, layout Layout, rws []HostRewrite) RewriteResult {
	roots = append([]string(nil), roots...)
	sort.Strings(roots)
	pl := &planner{files: files, texts: map[string]*srcText{}}
	var res RewriteResult
	var kept []*plan
	for _, rw := range rws {
		p, err := pl.plan(rw)
		if err == nil {
			_, err = p.check(files, roots, layout)
		}
		if err != nil {
			res.Refused = append(res.Refused, Refused{rw, err})
			continue
		}
		kept = append(kept, p)
	}
	all := mergePlans(kept)
	changed, err := all.check(files, roots, layout)
	if err != nil {
		for _, p := range kept {
			res.Refused = append(res.Refused, Refused{p.done.HostRewrite, fmt.Errorf("rewrites together: %w", err)})
		}
		return res
	}
	res.Files = changed
	for _, p := range kept {
		res.Done = append(res.Done, p.done)
	}
	return res
}

// plan is the edits of one or more rewrites and what they must achieve.
type plan struct {
	edits map[string][]textEdit // by file name
	want  map[string]string     // proxy (chainKey) -> Host it must send
	done  Rewritten
}

func mergePlans(ps []*plan) *plan {
	all := &plan{edits: map[string][]textEdit{}, want: map[string]string{}}
	for _, p := range ps {
		for k, es := range p.edits {
			all.edits[k] = append(all.edits[k], es...)
		}
		for k, v := range p.want {
			all.want[k] = v
		}
	}
	return all
}

// check applies the plan's edits and verifies the result; it returns the
// changed texts.
func (p *plan) check(files Files, roots []string, layout Layout) (Files, error) {
	changed := Files{}
	for name, es := range p.edits {
		out, err := applyEdits(files[name], es)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if out != files[name] {
			changed[name] = out
		}
	}
	after := Files{}
	for k, v := range files {
		after[k] = v
	}
	for k, v := range changed {
		after[k] = v
	}
	return changed, verify(files, after, roots, layout, p.want)
}
