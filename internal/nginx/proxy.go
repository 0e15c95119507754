package nginx

import (
	"context"
	"fmt"
	"strings"
)

// Proxy is one proxy_pass or grpc_pass and what nginx sends through it.
type Proxy struct {
	Directive *Directive // the proxy_pass or grpc_pass
	GRPC      bool       // a grpc_pass: headers come from grpc_set_header
	Stream    bool       // a proxy_pass in stream{}: plain TCP, no headers
	Location  *Directive // nearest enclosing location, nil if none
	Server    *Directive // enclosing server
	Target    Target     // the parsed URL
	// TargetErr is a problem nginx itself rejects the target for
	// ("invalid URL prefix", "invalid port", an upstream given a port).
	TargetErr error
	Upstream  *Upstream // when Target.Host names an upstream block
	Host      HostHeader
	// Headers is the *_set_header list in effect here, after inheritance.
	Headers []*Directive
	// HeadersFrom is the block whose list is in effect (location, if,
	// limit_except, server or http); nil when no level sets any.
	HeadersFrom *Directive
	// Incomplete is set when an include that ResolveIncludes could not
	// resolve sits on a level the headers are looked up on: it may hold
	// *_set_header directives that would change Headers and Host.
	Incomplete bool
	// Evaluated is set when the target is written with variables whose
	// values `set` fixes before any request comes: Target is then the URL
	// nginx evaluates (Target.Raw stays as written).
	Evaluated bool
	// NoResolver is set when such a target names a host that nginx must
	// resolve at run time and no `resolver` is in effect: every request
	// gets 502 ("no resolver defined to resolve ...").
	NoResolver bool
}

// Upstream is an `upstream` block.
type Upstream struct {
	Name      string
	Directive *Directive
	Servers   []Target
}

// Upstreams returns the upstream blocks among ds (the block of http{} or
// stream{}, or the top of a file meant to be included there), keyed by
// lower-case name: nginx matches upstream names case-insensitively
// (ngx_http_upstream_add). Servers of an http upstream default to port 80.
func Upstreams(ds []*Directive, defaultPort int) map[string]*Upstream {
	out := map[string]*Upstream{}
	walk(ds, func(d *Directive) bool {
		if d.Name != "upstream" || d.Block == nil || len(d.Args) != 1 {
			return true
		}
		u := &Upstream{Name: d.Args[0], Directive: d}
		for _, s := range d.Children("server") {
			if t, err := ParseAddress(s.Arg(0), defaultPort); err == nil && len(s.Args) > 0 {
				u.Servers = append(u.Servers, t)
			}
		}
		out[strings.ToLower(u.Name)] = u
		return false
	})
	return out
}

// Proxies returns every proxy_pass and grpc_pass of the config, in order.
// Upstream blocks and variables are looked up in the enclosing http{} or
// stream{}, or in the whole text when it has none (a conf.d file).
func (c *Config) Proxies() []Proxy { return c.ProxiesContext(context.Background()) }

// ProxiesContext is Proxies that stops when ctx is done (a webhook
// request's deadline): the proxies found until then, which the caller
// throws away.
func (c *Config) ProxiesContext(ctx context.Context) []Proxy {
	var out []Proxy
	scopes := map[*Directive]*scope{}
	c.Walk(func(d *Directive) bool {
		if ctx.Err() != nil {
			return false
		}
		if (d.Name != "proxy_pass" && d.Name != "grpc_pass") || len(d.Args) != 1 {
			return true
		}
		top := topBlock(d)
		if scopes[top] == nil {
			scopes[top] = newScope(c, top)
		}
		out = append(out, newProxy(d, scopes[top]))
		return true
	})
	return out
}

// scope is what proxies under one http{} or stream{} share.
type scope struct {
	top       *Directive // nil: the whole text
	upstreams map[string]*Upstream
	maps      map[string][]string // map variables and their values
	setNames  map[string]bool     // variables some `set` names
	implicit  map[string]bool     // "host:port" of the upstreams static proxy_pass URLs create
}

func newScope(c *Config, top *Directive) *scope {
	ds, port := c.Directives, 80
	if top != nil {
		ds = top.Block
		if top.Name == "stream" {
			port = 0
		}
	}
	return &scope{top: top, upstreams: Upstreams(ds, port), maps: mapDefs(ds), setNames: setNames(ds),
		implicit: implicitUpstreams(ds)}
}

// topBlock returns the http or stream block around d.
func topBlock(d *Directive) *Directive {
	for p := d.Parent; p != nil; p = p.Parent {
		if p.Name == "http" || p.Name == "stream" {
			return p
		}
	}
	return nil
}

func newProxy(d *Directive, sc *scope) Proxy {
	p := Proxy{Directive: d, GRPC: d.Name == "grpc_pass", Location: d.Enclosing("location"),
		Server: d.Enclosing("server"), Stream: sc.top != nil && sc.top.Name == "stream"}
	switch {
	case p.GRPC:
		p.Target, p.TargetErr = ParseGRPCPass(d.Args[0])
	case p.Stream:
		p.Target, p.TargetErr = ParseAddress(d.Args[0], 0)
	default:
		p.Target, p.TargetErr = ParseProxyPass(d.Args[0])
	}
	ev := newEvaluator(&p, sc)
	if p.Target.HasVariables && !p.Target.HostKnown && !p.Stream && !p.GRPC {
		p.evalTarget(ev, sc)
	} else {
		p.linkUpstream(sc.upstreams)
	}
	if p.Stream {
		return p
	}
	header := "proxy_set_header"
	if p.GRPC {
		header = "grpc_set_header"
	}
	p.Headers, p.HeadersFrom, p.Incomplete = effectiveHeaders(d, header)
	ev.p = &p
	p.Host = resolveHost(&p, ev)
	return p
}

// linkUpstream finds the upstream block a target names. nginx uses it only
// when the URL has no port, and refuses an explicit one: `upstream "NAME"
// may not have port N` (ngx_http_upstream_add; verified with nginx 1.22
// whichever of the two comes first in the file).
func (p *Proxy) linkUpstream(ups map[string]*Upstream) {
	if p.TargetErr != nil || !p.Target.HostKnown || p.Target.IsUnix() {
		return
	}
	u := ups[strings.ToLower(p.Target.Host)]
	if u == nil {
		return
	}
	if p.Target.PortExplicit {
		p.TargetErr = fmt.Errorf("upstream %q may not have port %d", u.Name, p.Target.Port)
		return
	}
	p.Upstream = u
}

// effectiveHeaders returns the header directives (proxy_set_header or
// grpc_set_header) in effect for d. nginx docs (ngx_http_proxy_module,
// proxy_set_header): "These directives are inherited from the previous
// configuration level if and only if there are no proxy_set_header
// directives defined on the current level" (ngx_http_proxy_merge_loc_conf:
// headers_source is taken from the parent only when unset). Every block
// from the proxy_pass outwards (if, limit_except, location, server, http)
// is such a level.
func effectiveHeaders(d *Directive, header string) (hs []*Directive, from *Directive, incomplete bool) {
	for lvl := d.Parent; lvl != nil; lvl = lvl.Parent {
		hs = lvl.Children(header)
		if len(lvl.Children("include")) > 0 {
			incomplete = true
		}
		if len(hs) > 0 {
			return hs, lvl, incomplete
		}
		if lvl.Name == "http" {
			break
		}
	}
	return nil, nil, incomplete
}
