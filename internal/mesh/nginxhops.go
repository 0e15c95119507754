package mesh

import (
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
)

// nginxHops adds a hop per proxy_pass of every nginx container's
// configuration, from that container's workload.
func (m *Model) nginxHops() {
	m.buildNginxConfigs()
	seen := map[Problem]bool{}
	for _, nc := range m.nginxCfgs.all {
		var log parseLog
		for i, p := range nc.Proxies {
			if m.stoppedAt(i) {
				return
			}
			m.nginxProxyHops(nc, p, &log)
		}
		m.Problems = appendNew(m.Problems, log.problems, seen)
		for _, n := range log.notes {
			if !seen[n] {
				seen[n] = true
				m.note(n.Object, n.Line, n.Msg)
			}
		}
	}
}

// nginxConfig returns the configuration of the first nginx container that
// loads a file of cm, or nil.
func (m *Model) nginxConfig(cm *manifest.Object) *NginxConfig {
	if ncs := m.NginxConfigsOf(cm); len(ncs) > 0 {
		return ncs[0]
	}
	return nil
}

func (m *Model) nginxProxyHops(nc *NginxConfig, p nginx.Proxy, log *parseLog) {
	w := nc.Workload
	via, line := nc.Line(p.Directive)
	if p.TargetErr != nil {
		log.problem(via, line, p.Directive.Name+": "+p.TargetErr.Error())
		return
	}
	targets := []nginx.Target{p.Target}
	if p.Upstream != nil {
		targets = p.Upstream.Servers
	}
	for _, t := range targets {
		if !t.HostKnown || t.Host == "" || t.IsUnix() || p.Target.Scheme == "https" || p.Target.Scheme == "grpcs" {
			log.note(via, line, p.Directive.Name+" "+p.Target.Raw+" goes to a host known only at run time, a unix socket or over TLS: the hop is not modelled")
			continue
		}
		svc := m.LookupName(t.Host, w.Namespace)
		if svc == nil {
			continue
		}
		port, ok := svc.Port(t.Port)
		if !ok {
			continue
		}
		h := Hop{Kind: "nginx", Source: workloadSource(w), Via: via, ViaLine: line,
			Target: svc, Port: port, Host: nginxHost(nc, p, log)}
		if p.Host.Directive != nil && !p.Host.Default {
			// A finding on the Host rests on its directive: when that is in
			// another ConfigMap of the tree (or a file of the image: the
			// workload), the hop is reported there.
			if o, l := nc.Line(p.Host.Directive); o != via {
				h.Via, h.ViaLine = o, l
			}
		}
		if w.Meshed {
			h.Bypass = m.bypass(w, svc, port, false)
		}
		m.incomingHost(&h, p, w)
		before := len(m.Hops)
		m.expand(h)
		nc.hops[p.Directive] = append(nc.hops[p.Directive], m.Hops[before:]...)
	}
}

// nginxHost is the Host header nginx sends for the proxy (nginx docs,
// ngx_http_proxy_module proxy_set_header: default Host is $proxy_host).
// A stream proxy sends none (TCP); an include the container's files lack
// may set headers meshlint cannot see, and an empty value sends no Host at
// all: both leave the Host unknown, so no rule guesses. Line is the line
// of the directive that set it, in the object the hop is reported on.
func nginxHost(nc *NginxConfig, p nginx.Proxy, log *parseLog) Host {
	h := Host{Value: p.Host.Value, Resolved: p.Host.Resolved, External: p.Host.External, Origin: "nginx-directive"}
	o, line := nc.Line(p.Directive)
	switch {
	case p.Incomplete || p.Host.Omitted || p.Stream:
		h = Host{Value: p.Host.Value, Origin: "nginx-unknown"}
		if p.Incomplete {
			log.note(o, line, "the proxy's headers may come from an include that container "+nc.Container.Name+"'s files do not hold: its Host header is unknown")
		}
	case p.Host.Default:
		h.Value, h.Origin = "$proxy_host", "nginx-default"
	}
	h.Line = line
	if p.Host.Directive != nil && !p.Host.Default {
		_, h.Line = nc.Line(p.Host.Directive)
	}
	if o == nc.Workload.Obj {
		h.Line = 0
	}
	return h
}

func workloadSource(w *Workload) Source {
	return Source{Ref: w.Ref, Namespace: w.Namespace, Workload: w, Meshed: w.Meshed, MeshedKnown: w.MeshedKnown, Why: w.MeshedReason}
}

// worstIncomingHost: $host is the Host of the request nginx received. When
// the inputs show who sends it (Ingress rules whose backend selects this
// workload), each of those names is tried and the one that routes worst is
// kept, so that a VirtualService host saves the hop only when it covers
// every name. "" when the names are not all known.
func (m *Model) worstIncomingHost(h Hop, w *Workload) string {
	return m.worstOf(h, m.incomingHosts(w))
}

var routeRank = map[string]int{RouteService: 0, RouteVS: 1, RouteSE: 1, RouteUnknown: 1, RouteMisrouted: 2, RoutePassthrough: 3, RouteBlackhole: 3}

// incomingHosts are the Host headers Ingresses send to w: their rule hosts
// (or upstream-vhost). nil when any rule has no host (any name reaches it).
func (m *Model) incomingHosts(w *Workload) []string {
	if m.incomingAny[w] {
		return nil
	}
	return m.incoming[w]
}

// indexIncoming records, per workload behind an Ingress backend, the Host
// headers the Ingresses send it, and which workloads a host-less rule
// reaches.
func (m *Model) indexIncoming() {
	m.incoming, m.incomingAny = map[*Workload][]string{}, map[*Workload]bool{}
	for _, in := range m.Ingresses {
		for _, b := range in.Backends {
			svc := m.Service(in.Namespace, b.Service)
			if svc == nil {
				continue
			}
			for _, w := range svc.Workloads {
				switch {
				case in.UpstreamVhost != "":
					m.incoming[w] = append(m.incoming[w], in.UpstreamVhost)
				case len(b.Hosts) == 0:
					m.incomingAny[w] = true
				default:
					m.incoming[w] = append(m.incoming[w], b.Hosts...)
				}
			}
		}
	}
}
