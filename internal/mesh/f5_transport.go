package mesh

import (
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// f5ActionHost is the Host a VirtualServer action sends upstream: the
// value of a Host entry in proxy.requestHeaders.set, else the client's
// ($host): internal/configs/virtualserver.go generateProxySetHeaders adds
// {Host, $host} only when requestHeaders.set has no Host, and the
// template (version2/nginx.virtualserver.tmpl) writes one
// proxy_set_header per entry. A pass action has no requestHeaders.
func f5ActionHost(r f5Route, a map[string]any, at []string) Host {
	for i, hd := range listAt(a, "proxy", "requestHeaders", "set") {
		hm := asMap(hd)
		if !strings.EqualFold(strAt(hm, "name"), "host") {
			continue
		}
		v := strAt(hm, "value")
		line := r.via.FieldLine(append(at, "proxy", "requestHeaders", "set", strconv.Itoa(i), "value")...)
		switch {
		case v == "$host" || v == "$http_host":
			return Host{Value: v, Resolved: r.host, External: true, Origin: "requestHeaders", Line: line}
		case strings.Contains(v, "$"):
			return Host{Value: v, Origin: "requestHeaders", Line: line}
		}
		return Host{Value: v, Resolved: v, Origin: "requestHeaders", Line: line}
	}
	return Host{Value: "$host", Resolved: r.host, External: true, Origin: "ingress"}
}

// f5TransportServerHops: a TransportServer passes a TCP stream (or TLS
// passthrough) to its action's upstream, always at the endpoints (its
// upstreams have no use-cluster-ip: types.go TransportServerUpstream).
// There is no Host: the stream is the client's. A UDP listener is not
// modelled: the sidecar does not intercept UDP.
func (m *Model) f5TransportServerHops(ts *manifest.Object) {
	ns, class := NamespaceOf(ts), strAt(body(ts), "spec", "ingressClassName")
	if strings.EqualFold(strAt(body(ts), "spec", "listener", "protocol"), "UDP") {
		return
	}
	u, ok := f5Upstreams(ts, ns)[strAt(body(ts), "spec", "action", "pass")]
	if !ok {
		return
	}
	svc, port, ok := m.f5Target(u)
	if !ok {
		return
	}
	srcs := m.crdSources(ProgF5, class, ns, func(c *IngressController) bool { return c.f5ServesCRD(class, ns) })
	for _, src := range srcs {
		h := Hop{Kind: "ingress", Controller: ProgF5, Source: src, Via: ts, ViaLine: ts.FieldLine("spec", "action", "pass"),
			Target: svc, Port: port, PodIPs: true, Host: Host{Value: "(the client's stream)", Origin: "stream"}}
		if w := src.Workload; w != nil && w.Meshed {
			h.Bypass = m.bypass(w, svc, port, true)
		}
		m.expand(h)
	}
}
