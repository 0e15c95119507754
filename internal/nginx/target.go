package nginx

import (
	"errors"
	"strconv"
	"strings"
)

// Target is the URL of a proxy_pass or grpc_pass, split as nginx splits it
// (ngx_http_proxy_pass, ngx_http_grpc_pass, ngx_parse_url in
// src/core/ngx_inet.c).
type Target struct {
	Scheme       string // "http", "https", "grpc", "grpcs", or "" (grpc_pass and stream proxy_pass may omit it)
	Host         string // as written, brackets kept for IPv6; "" for unix sockets and unknown hosts
	Port         int    // explicit port, else the scheme's default (0 when it has none)
	PortExplicit bool
	PortText     string // the port as written, when explicit
	Path         string // the URI part, from the first "/" or "?" after the host
	Unix         string // socket path of an http://unix:/path:/uri target
	HasVariables bool   // the URL contains "$": nginx evaluates it per request
	// HostKnown is false when variables make the host unknowable before a
	// request comes; with variables only after the host (in the URI part)
	// the host is still known.
	HostKnown bool
	Raw       string
}

// IsUnix reports whether the target is a unix domain socket.
func (t Target) IsUnix() bool { return t.Unix != "" }

var errNoHost = errors.New("no host")

// ParseProxyPass splits the argument of an http proxy_pass. nginx accepts
// only http:// and https:// there, case-insensitively ("invalid URL prefix").
func ParseProxyPass(raw string) (Target, error) {
	t := Target{Raw: raw, HasVariables: strings.Contains(raw, "$")}
	switch {
	case hasPrefixFold(raw, "http://"):
		t.Scheme, t.Port = "http", 80
	case hasPrefixFold(raw, "https://"):
		t.Scheme, t.Port = "https", 443
	default:
		if t.HasVariables {
			// nginx checks the prefix of the evaluated URL at run time.
			return t, nil
		}
		return t, errors.New("invalid URL prefix")
	}
	return t, t.parseRest(raw[len(t.Scheme)+3:])
}

// ParseGRPCPass splits the argument of grpc_pass: grpc://, grpcs:// or a
// bare address, none with a default port.
func ParseGRPCPass(raw string) (Target, error) {
	t := Target{Raw: raw, HasVariables: strings.Contains(raw, "$")}
	rest := raw
	for _, s := range []string{"grpc", "grpcs"} {
		if hasPrefixFold(raw, s+"://") {
			t.Scheme, rest = s, raw[len(s)+3:]
		}
	}
	return t, t.parseRest(rest)
}

// ParseAddress splits an address without a scheme, as in an upstream
// `server` or a stream proxy_pass; defaultPort is used when none is given.
func ParseAddress(raw string, defaultPort int) (Target, error) {
	t := Target{Raw: raw, Port: defaultPort, HasVariables: strings.Contains(raw, "$")}
	return t, t.parseRest(raw)
}

// parseRest splits "host[:port][/uri]" or "unix:/path[:/uri]".
func (t *Target) parseRest(rest string) error {
	hostPart, uri := rest, ""
	if i := strings.IndexAny(rest, "/?"); i >= 0 && !hasPrefixFold(rest, "unix:") {
		hostPart, uri = rest[:i], rest[i:]
	}
	if t.HasVariables && strings.Contains(hostPart, "$") {
		return nil
	}
	t.HostKnown, t.Path = true, uri
	if hasPrefixFold(rest, "unix:") {
		// ngx_parse_unix_domain_url: with a URI part the path ends at ":".
		t.Unix, t.Path, _ = strings.Cut(rest[len("unix:"):], ":")
		t.Port = 0
		if t.Unix == "" {
			return errors.New("no path in the unix domain socket")
		}
		return nil
	}
	return t.splitHostPort(hostPart)
}

// splitHostPort follows ngx_parse_inet_url and ngx_parse_inet6_url.
func (t *Target) splitHostPort(s string) error {
	host, port := s, ""
	hasPort := false
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return errors.New("invalid IPv6 address")
		}
		host = s[:end+1]
		port, hasPort = strings.CutPrefix(s[end+1:], ":")
	} else if i := strings.IndexByte(s, ':'); i >= 0 {
		host, port, hasPort = s[:i], s[i+1:], true
	}
	if host == "" {
		return errNoHost
	}
	t.Host = host
	if !hasPort {
		return nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 || strings.ContainsAny(port, "+-") {
		return errors.New("invalid port")
	}
	t.Port, t.PortExplicit, t.PortText = n, true, port
	return nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
