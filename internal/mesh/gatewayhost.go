package mesh

import "strings"

// Hostname matching between a listener and a route (gateway-api
// apis/v1/gateway_types.go Listener.Hostname, httproute_types.go
// HTTPRoute.Hostnames): an empty hostname matches every one; "*.a.b"
// matches any name with at least one more label before ".a.b" (not
// "a.b" itself); of two intersecting names the more specific is served.

// intersect returns the hostnames a listener serves of route r ("" for
// any) and whether they intersect. TCPRoute has no hostnames and
// listeners of TCP ignore theirs.
func intersect(listener string, r *Route) ([]string, bool) {
	if r.Kind == "TCPRoute" {
		return []string{""}, true
	}
	if len(r.Hostnames) == 0 {
		return []string{listener}, true
	}
	if listener == "" {
		return r.Hostnames, true
	}
	var out []string
	for _, h := range r.Hostnames {
		switch {
		case hostnameMatches(listener, h):
			out = append(out, h)
		case hostnameMatches(h, listener):
			out = append(out, listener)
		}
	}
	return out, len(out) > 0
}

// hostnameMatches reports whether pattern (exact or "*." wildcard)
// matches name, which may itself be a wildcard no wider than pattern.
func hostnameMatches(pattern, name string) bool {
	pattern, name = strings.ToLower(pattern), strings.ToLower(name)
	if pattern == name {
		return true
	}
	suffix, ok := strings.CutPrefix(pattern, "*")
	if !ok {
		return false
	}
	return strings.HasSuffix(name, suffix) && len(strings.TrimPrefix(name, "*")) > len(suffix)
}

func appendNewHosts(l, add []string) []string {
	for _, h := range add {
		found := false
		for _, x := range l {
			found = found || x == h
		}
		if !found {
			l = append(l, h)
		}
	}
	return l
}
