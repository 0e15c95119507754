package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/nginx"
)

// maxForwardDepth bounds how many nginx hops an X-Forwarded-Host is
// followed back through (a loop of proxies ends there).
const maxForwardDepth = 4

// nginxCall is one proxy of an nginx workload whose target Service selects
// another workload.
type nginxCall struct {
	proxy nginx.Proxy
	from  *Workload
}

// incomingHost fills in the Host of an nginx hop that nginx builds from
// the request: the client's name ($host, $http_host: the Hosts Ingresses
// send to w) or the X-Forwarded-Host its callers set. The hop keeps the
// name that routes worst, so that a VirtualService host saves it only when
// it covers every name.
func (m *Model) incomingHost(h *Hop, p nginx.Proxy, w *Workload) {
	switch {
	case h.Host.Resolved != "" || h.Host.Origin == "nginx-unknown":
	case h.Host.External:
		h.Host.Resolved = m.worstIncomingHost(*h, w)
	case p.Host.Forwarded:
		names, ok := m.forwardedHosts(w, 0)
		if !ok {
			return
		}
		values, ok := evalEach(p.Host, names)
		if ok && len(values) > 0 {
			h.Host.Resolved, h.Host.External = m.worstOf(*h, values), true
		}
	}
}

// forwardedHosts are the X-Forwarded-Host values w's callers in the inputs
// send it; ok is false when any of them is unknown.
//
// ingress-nginx sets `X-Forwarded-Host $best_http_host` in every location,
// with `set $best_http_host $http_host` (rootfs/etc/nginx/template/
// nginx.tmpl, unconditionally since commit 496ff07, 2019): the Host the
// client asked for, the Ingress rule's host,
// whatever upstream-vhost says about the Host header. An nginx of the
// stack sends what its X-Forwarded-Host line gives, or passes its own
// client's header on when it sets none.
func (m *Model) forwardedHosts(w *Workload, depth int) ([]string, bool) {
	if depth > maxForwardDepth {
		return nil, false
	}
	names, ok := m.ingressForwardedHosts(w)
	calls := m.nginxCallsTo(w)
	if !ok || (len(names) == 0 && len(calls) == 0) {
		return nil, false
	}
	for _, c := range calls {
		more, ok := m.forwardedBy(c, depth)
		if !ok {
			return nil, false
		}
		names = append(names, more...)
	}
	return names, true
}

// ingressForwardedHosts: the rule hosts of the Ingress backends that reach
// w; ok is false when a rule without a host reaches it (any name may).
func (m *Model) ingressForwardedHosts(w *Workload) ([]string, bool) {
	var names []string
	for _, in := range m.Ingresses {
		for _, b := range in.Backends {
			svc := m.Service(in.Namespace, b.Service)
			if svc == nil || !hasWorkload(svc, w) {
				continue
			}
			if len(b.Hosts) == 0 {
				return nil, false
			}
			names = append(names, b.Hosts...)
		}
	}
	return names, true
}

// forwardedBy is the X-Forwarded-Host the nginx call sends.
func (m *Model) forwardedBy(c nginxCall, depth int) ([]string, bool) {
	p := c.proxy
	x := p.HeaderNamed("X-Forwarded-Host")
	switch {
	case p.Incomplete:
		return nil, false
	case x.Default:
		return m.forwardedHosts(c.from, depth+1)
	case x.Omitted:
		return nil, false
	case x.Resolved != "":
		return []string{x.Resolved}, true
	case x.External:
		if names := m.incomingHosts(c.from); names != nil {
			return evalEach(x, names)
		}
	case x.Forwarded:
		if names, ok := m.forwardedHosts(c.from, depth+1); ok {
			return evalEach(x, names)
		}
	}
	return nil, false
}

// evalEach evaluates the header for each name the request may carry, as
// its Host and as its X-Forwarded-Host.
func evalEach(x nginx.HostHeader, names []string) ([]string, bool) {
	out := make([]string, 0, len(names))
	for _, n := range names {
		v, ok := x.Eval(map[string]string{"host": hostOnly(n), "http_host": n, "http_x_forwarded_host": n})
		if !ok || v == "" {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

// hostOnly is $host: the request's host name, lower-cased, without a port
// (ngx_http_validate_host).
func hostOnly(n string) string {
	if i := strings.LastIndexByte(n, ':'); i >= 0 && !strings.Contains(n[i:], "]") {
		n = n[:i]
	}
	return strings.ToLower(n)
}

// worstOf keeps, among the Host values, the one whose routing is worst.
func (m *Model) worstOf(h Hop, values []string) string {
	worst, rank := "", -1
	for _, v := range values {
		probe := h
		probe.Host.Resolved = v
		m.route(&probe)
		if r := routeRank[probe.HostMatch]; r > rank {
			worst, rank = v, r
		}
	}
	return worst
}

func hasWorkload(s *Service, w *Workload) bool {
	for _, x := range s.Workloads {
		if x == w {
			return true
		}
	}
	return false
}
