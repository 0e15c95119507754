package nginx

import (
	"net"
	"strconv"
	"strings"
)

// evalTarget follows a proxy_pass whose host is written with variables
// that `set` fixes before any request comes: ngx_http_proxy_eval parses
// the evaluated URL per request. ngx_http_upstream_init_request then looks
// for an upstream of that host (an `upstream` block only when the URL has
// no port, an upstream a static proxy_pass created on the same port), and
// else resolves the host at run time, which needs a `resolver` in effect
// or fails every request with 502 ("no resolver defined to resolve");
// an IPv4 literal needs none (ngx_resolve_start).
func (p *Proxy) evalTarget(ev evaluator, sc *scope) {
	raw, ok := ev.static(p.Directive.Args[0], 0)
	if !ok {
		return
	}
	t, err := ParseProxyPass(raw)
	if err != nil || !t.HostKnown || t.IsUnix() {
		return
	}
	t.Raw, t.HasVariables = p.Target.Raw, true
	host := strings.ToLower(t.Host)
	switch u := sc.upstreams[host]; {
	case u != nil && !t.PortExplicit:
		p.Upstream = u
	case sc.implicit[host+":"+strconv.Itoa(t.Port)]:
	case isIPv4(t.Host):
	case !hasResolver(p.Directive):
		p.NoResolver = true
		return
	}
	p.Target, p.Evaluated = t, true
}

func isIPv4(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.To4() != nil && !strings.Contains(host, ":")
}

// hasResolver reports whether a `resolver` is in effect at d: it is
// inherited from http to server to location (ngx_http_core_merge_loc_conf).
func hasResolver(d *Directive) bool {
	for p := d.Parent; p != nil; p = p.Parent {
		if len(p.Children("resolver")) > 0 {
			return true
		}
	}
	return false
}

// implicitUpstreams are the upstreams that proxy_pass URLs without
// variables add at configuration time (ngx_http_upstream_add), by
// lower-case host and port, the scheme's default when none is written.
func implicitUpstreams(ds []*Directive) map[string]bool {
	out := map[string]bool{}
	walk(ds, func(d *Directive) bool {
		if d.Name != "proxy_pass" || len(d.Args) != 1 || strings.Contains(d.Args[0], "$") {
			return true
		}
		if t, err := ParseProxyPass(d.Args[0]); err == nil && t.HostKnown && !t.IsUnix() {
			out[strings.ToLower(t.Host)+":"+strconv.Itoa(t.Port)] = true
		}
		return true
	})
	return out
}
