package nginx

import (
	"strconv"
	"strings"
)

// HostHeader is the Host header nginx sends upstream for one proxy.
type HostHeader struct {
	Value     string     // as written, e.g. "$host", "was-service", "$proxy_host"
	Directive *Directive // the *_set_header Host in effect, nil => nginx's default
	Default   bool       // no Host header set in effect: nginx sends $proxy_host
	// Resolved is the value when it is known before any request comes: a
	// literal, $proxy_host (the proxy_pass host[:port], or the upstream
	// block's name), $server_name (the server's first server_name); "" when
	// it depends on the request.
	Resolved string
	// External is set when the value is the client's name ($host,
	// $http_host, $server_name) or is built from it, directly or through a
	// `set` or `map` variable.
	External bool
	// Extra are further Host lines on the same level: nginx sends every one
	// of them as its own Host header (verified with nginx 1.22).
	Extra []*Directive
	// Omitted is set when the value is empty: nginx then sends no Host
	// header at all (docs: an empty value is not passed; verified).
	Omitted bool
}

// externalVars are the variables that carry the name the client asked for
// (docs/mesh-semantics.md section 4).
var externalVars = map[string]bool{"host": true, "http_host": true, "server_name": true}

// resolveHost finds the Host header among p.Headers; vars are the set and
// map definitions in scope.
func resolveHost(p *Proxy, vars map[string][]string) HostHeader {
	h := HostHeader{Value: "$proxy_host", Default: true}
	for _, d := range p.Headers {
		if len(d.Args) != 2 || !strings.EqualFold(d.Args[0], "Host") {
			continue
		}
		if h.Directive != nil {
			h.Extra = append(h.Extra, d)
			continue
		}
		h = HostHeader{Value: d.Args[1], Directive: d, Omitted: d.Args[1] == ""}
	}
	ev := evaluator{p: p, defs: vars}
	h.Resolved, _ = ev.static(h.Value)
	h.External = ev.external(h.Value, 0)
	return h
}

// ProxyHost returns $proxy_host for the target: the host and, unless it is
// the scheme's default, the port as written in proxy_pass
// (ngx_http_proxy_set_vars); "localhost" for a unix socket. grpc_pass keeps
// any explicit port (ngx_http_grpc_pass). ok is false when variables hide
// the host.
func (p *Proxy) ProxyHost() (string, bool) {
	t := p.Target
	switch {
	case p.TargetErr != nil || !t.HostKnown:
		return "", false
	case t.IsUnix():
		return "localhost", true
	case !t.PortExplicit || (!p.GRPC && t.Port == defaultPort(t.Scheme)):
		return t.Host, true
	}
	return t.Host + ":" + t.PortText, true
}

func defaultPort(scheme string) int {
	if scheme == "https" {
		return 443
	}
	return 80
}

type evaluator struct {
	p    *Proxy
	defs map[string][]string // variable name -> values it may be given by set or map
}

// static returns the value of s when every variable in it is known before
// a request comes.
func (ev evaluator) static(s string) (string, bool) {
	var b strings.Builder
	for _, part := range splitVars(s) {
		if !part.isVar {
			b.WriteString(part.text)
			continue
		}
		v, ok := ev.staticVar(part.text)
		if !ok {
			return "", false
		}
		b.WriteString(v)
	}
	return b.String(), true
}

func (ev evaluator) staticVar(name string) (string, bool) {
	switch name {
	case "proxy_host":
		return ev.p.ProxyHost()
	case "proxy_port":
		return ev.proxyPort()
	case "server_name":
		// ngx_http_core_server_name: $server_name is the first name
		// (a literal "$hostname" stands for the machine's name).
		if ev.p.Server == nil {
			return "", true // no server block: nginx's default server_name ""
		}
		sn := ev.p.Server.Children("server_name")
		if len(sn) == 0 || len(sn[0].Args) == 0 {
			return "", true
		}
		return sn[0].Args[0], sn[0].Args[0] != "$hostname"
	}
	return "", false
}

// proxyPort is $proxy_port (ngx_http_proxy_set_vars): the explicit port as
// written, else the scheme's default.
func (ev evaluator) proxyPort() (string, bool) {
	t := ev.p.Target
	switch {
	case ev.p.TargetErr != nil || !t.HostKnown:
		return "", false
	case t.IsUnix():
		return "", true
	case t.PortExplicit && t.Port != defaultPort(t.Scheme):
		return t.PortText, true
	}
	return strconv.Itoa(defaultPort(t.Scheme)), true
}

// external reports whether s carries the client's name, following `set`
// and `map` variables a few levels deep.
func (ev evaluator) external(s string, depth int) bool {
	if depth > 8 {
		return false
	}
	for _, part := range splitVars(s) {
		if !part.isVar {
			continue
		}
		if externalVars[part.text] {
			return true
		}
		for _, v := range ev.defs[part.text] {
			if ev.external(v, depth+1) {
				return true
			}
		}
	}
	return false
}
