package mesh

import "github.com/meshlint/meshlint/internal/nginx"

// nginxCallsTo lists the proxies of the inputs' nginx workloads whose
// target Service selects w. It is built on first use, once every mounted
// nginx ConfigMap is parsed (nginxHops).
func (m *Model) nginxCallsTo(w *Workload) []nginxCall {
	if m.nginxCalls == nil {
		m.indexNginxCalls()
	}
	return m.nginxCalls[w]
}

func (m *Model) indexNginxCalls() {
	m.nginxCalls = map[*Workload][]nginxCall{}
	for _, from := range m.Workloads {
		for _, name := range from.ConfigMaps {
			cm := m.ConfigMaps[nsName{from.Namespace, name}]
			if cm == nil {
				continue
			}
			nc := m.nginxConfig(cm)
			if nc == nil {
				continue
			}
			for _, p := range nc.Proxies {
				for _, svc := range m.proxyServices(p, from.Namespace) {
					for _, w := range svc.Workloads {
						m.nginxCalls[w] = append(m.nginxCalls[w], nginxCall{proxy: p, from: from})
					}
				}
			}
		}
	}
}

// proxyServices are the Services of the inputs an http proxy reaches in
// plain text: its target or its upstream block's servers, named and on a
// port of the Service.
func (m *Model) proxyServices(p nginx.Proxy, ns string) []*Service {
	if p.TargetErr != nil || p.Stream || p.Target.Scheme == "https" || p.Target.Scheme == "grpcs" {
		return nil
	}
	targets := []nginx.Target{p.Target}
	if p.Upstream != nil {
		targets = p.Upstream.Servers
	}
	var out []*Service
	for _, t := range targets {
		if !t.HostKnown || t.Host == "" || t.IsUnix() {
			continue
		}
		if svc := m.LookupName(t.Host, ns); svc != nil {
			if _, ok := svc.Port(t.Port); ok {
				out = append(out, svc)
			}
		}
	}
	return out
}
