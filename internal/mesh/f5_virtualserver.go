package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// isF5Kind: the F5 controller's own route objects (k8s.nginx.org/v1;
// TransportServer also v1alpha1 in older releases).
func isF5Kind(o *manifest.Object) bool {
	return strings.HasPrefix(o.APIVersion, "k8s.nginx.org/") &&
		(o.Kind == "VirtualServer" || o.Kind == "VirtualServerRoute" || o.Kind == "TransportServer")
}

// f5Upstream is one spec.upstreams entry
// (pkg/apis/configuration/v1/types.go Upstream): a Service port, dialled
// at its endpoints unless use-cluster-ip (v1.11.0, #1449).
type f5Upstream struct {
	ns, service string
	port        int
	clusterIP   bool
}

// f5Target is the Service and port an upstream names, when the inputs
// hold them.
func (m *Model) f5Target(u f5Upstream) (*Service, ServicePort, bool) {
	svc := m.Service(u.ns, u.service)
	if svc == nil {
		return nil, ServicePort{}, false
	}
	port, ok := svc.Port(u.port)
	return svc, port, ok
}

// f5Upstreams reads spec.upstreams; a service "ns/name" names another
// namespace (internal/configs/virtualserver.go ParseServiceReference).
func f5Upstreams(o *manifest.Object, ns string) map[string]f5Upstream {
	out := map[string]f5Upstream{}
	for _, u := range listAt(body(o), "spec", "upstreams") {
		um := asMap(u)
		up := f5Upstream{ns: ns, service: strAt(um, "service")}
		if n, name, ok := strings.Cut(up.service, "/"); ok {
			up.ns, up.service = n, name
		}
		up.port, _ = intAt(um, "port")
		up.clusterIP, _ = um["use-cluster-ip"].(bool)
		out[strAt(um, "name")] = up
	}
	return out
}

// f5Route is what a VirtualServer or VirtualServerRoute hands its actions:
// the object, its upstreams, the host it serves and the sources.
type f5Route struct {
	via  *manifest.Object
	ups  map[string]f5Upstream
	host string
	srcs []Source
}

func (m *Model) f5Hops() {
	for _, vs := range m.vendorObjs["VirtualServer"] {
		m.f5VirtualServerHops(vs)
	}
	for _, ts := range m.vendorObjs["TransportServer"] {
		m.f5TransportServerHops(ts)
	}
}

// f5VirtualServerHops: each route's actions, or the VirtualServerRoute
// it delegates to (route: "ns/name").
func (m *Model) f5VirtualServerHops(vs *manifest.Object) {
	ns, class := NamespaceOf(vs), strAt(body(vs), "spec", "ingressClassName")
	r := f5Route{via: vs, ups: f5Upstreams(vs, ns), host: strAt(body(vs), "spec", "host"),
		srcs: m.crdSources(ProgF5, class, ns, func(c *IngressController) bool { return c.f5ServesCRD(class, ns) })}
	for i, rt := range listAt(body(vs), "spec", "routes") {
		if ref := strAt(asMap(rt), "route"); ref != "" {
			m.f5Delegate(r, ref, class, vs.FieldLine("spec", "routes", itoa(i), "route"))
			continue
		}
		if sel := stringMap(mapAt(asMap(rt), "routeSelector", "matchLabels")); len(sel) > 0 {
			m.f5Selected(r, sel, class)
			continue
		}
		m.f5RouteHops(r, asMap(rt), "spec", "routes", itoa(i))
	}
}

// f5Delegate follows a route to its VirtualServerRoute, whose spec.host
// must be the VirtualServer's and whose class must be the controller's
// (internal/k8s/controller.go HasCorrectIngressClass; the configuration
// validator refuses a VirtualServerRoute of another host).
func (m *Model) f5Delegate(r f5Route, ref, class string, line int) {
	ns, name := NamespaceOf(r.via), ref
	if n, nm, ok := strings.Cut(ref, "/"); ok {
		ns, name = n, nm
	}
	for _, vsr := range m.vendorObjs["VirtualServerRoute"] {
		if NamespaceOf(vsr) != ns || vsr.Name != name {
			continue
		}
		if strAt(body(vsr), "spec", "host") != r.host {
			m.note(vsr, vsr.FieldLine("spec", "host"), "the host of this VirtualServerRoute is not its VirtualServer's "+r.host+": the F5 controller ignores it")
			return
		}
		m.f5Subroutes(r, vsr, class)
		return
	}
	m.note(r.via, line, "the VirtualServerRoute "+ns+"/"+name+" is not in the inputs: its hops are not checked")
}

// f5Selected: a routeSelector (v5.4.0, #8936) takes every
// VirtualServerRoute whose labels match its matchLabels and whose host is
// the VirtualServer's (internal/k8s/configuration.go validateVSRSelectors).
func (m *Model) f5Selected(r f5Route, sel map[string]string, class string) {
	for _, vsr := range m.vendorObjs["VirtualServerRoute"] {
		if selects(sel, vsr.Labels()) && strAt(body(vsr), "spec", "host") == r.host {
			m.f5Subroutes(r, vsr, class)
		}
	}
}

// f5Subroutes walks a VirtualServerRoute of the controller's class with
// its own upstreams, in its own namespace.
func (m *Model) f5Subroutes(r f5Route, vsr *manifest.Object, class string) {
	if c := strAt(body(vsr), "spec", "ingressClassName"); c != "" && c != class {
		return
	}
	sub := f5Route{via: vsr, ups: f5Upstreams(vsr, NamespaceOf(vsr)), host: r.host, srcs: r.srcs}
	for i, rt := range listAt(body(vsr), "spec", "subroutes") {
		m.f5RouteHops(sub, asMap(rt), "spec", "subroutes", itoa(i))
	}
}

// f5RouteHops walks a route's actions: action, splits[].action,
// matches[].action, matches[].splits[].action (types.go Route, Match, Split).
func (m *Model) f5RouteHops(r f5Route, rt map[string]any, at ...string) {
	m.f5ActionHops(r, mapAt(rt, "action"), append(at, "action"))
	for i, s := range listAt(rt, "splits") {
		m.f5ActionHops(r, mapAt(asMap(s), "action"), append(at, "splits", itoa(i), "action"))
	}
	for i, mt := range listAt(rt, "matches") {
		mm := asMap(mt)
		m.f5ActionHops(r, mapAt(mm, "action"), append(at, "matches", itoa(i), "action"))
		for j, s := range listAt(mm, "splits") {
			m.f5ActionHops(r, mapAt(asMap(s), "action"), append(at, "matches", itoa(i), "splits", itoa(j), "action"))
		}
	}
}

// f5ActionHops adds the hops of an action that passes or proxies to an
// upstream, from every controller serving the object.
func (m *Model) f5ActionHops(r f5Route, a map[string]any, at []string) {
	name := strAt(a, "pass")
	if name == "" {
		name = strAt(a, "proxy", "upstream")
	}
	u, ok := r.ups[name]
	if name == "" || !ok {
		return
	}
	svc, port, ok := m.f5Target(u)
	if !ok {
		return
	}
	at = append([]string{}, at...)
	host := f5ActionHost(r, a, at)
	for _, src := range r.srcs {
		h := Hop{Kind: "ingress", Controller: ProgF5, Source: src, Via: r.via, ViaLine: r.via.FieldLine(at...),
			Target: svc, Port: port, PodIPs: !u.clusterIP, Host: host}
		if w := src.Workload; w != nil && w.Meshed {
			h.Bypass = m.bypass(w, svc, port, h.PodIPs)
		}
		m.expand(h)
	}
}
