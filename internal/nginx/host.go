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
	// Forwarded is set when the value is, or is built from, the
	// X-Forwarded-Host request header the caller sent
	// ($http_x_forwarded_host), directly or through `set` or `map`.
	Forwarded bool

	ev evaluator
}

// externalVars are the variables that carry the name the client asked for
// (docs/mesh-semantics.md section 4).
var externalVars = map[string]bool{"host": true, "http_host": true, "server_name": true}

// forwardedVars carry the X-Forwarded-Host header of the request.
var forwardedVars = map[string]bool{"http_x_forwarded_host": true}

// resolveHost finds the Host header among p.Headers; ev knows the `set`
// and `map` variables in effect at the proxy.
func resolveHost(p *Proxy, ev evaluator) HostHeader {
	return resolveHeader(p, ev, "Host", "$proxy_host")
}

// HeaderNamed reads header name of the proxy as Host is read. Default is
// set when no *_set_header of it is in effect: nginx then passes on the
// client's header as it came (proxy_pass_request_headers on).
func (p Proxy) HeaderNamed(name string) HostHeader {
	return resolveHeader(&p, p.Host.ev, name, "")
}

func resolveHeader(p *Proxy, ev evaluator, name, def string) HostHeader {
	h := HostHeader{Value: def, Default: true}
	for _, d := range p.Headers {
		if len(d.Args) != 2 || !strings.EqualFold(d.Args[0], name) {
			continue
		}
		if h.Directive != nil {
			h.Extra = append(h.Extra, d)
			continue
		}
		h = HostHeader{Value: d.Args[1], Directive: d, Omitted: d.Args[1] == ""}
	}
	if h.Default && def == "" {
		return HostHeader{Default: true, ev: ev}
	}
	h.Resolved, _ = ev.static(h.Value, 0)
	h.External = ev.carries(h.Value, externalVars, 0)
	h.Forwarded = ev.carries(h.Value, forwardedVars, 0)
	h.ev = ev
	return h
}

// Eval is the Host value when the request variables in vars (names
// without "$", e.g. "http_x_forwarded_host") have the given values and
// every other variable in it is known before a request comes.
func (h HostHeader) Eval(vars map[string]string) (string, bool) {
	ev := h.ev
	ev.request = vars
	return ev.static(h.Value, 0)
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
