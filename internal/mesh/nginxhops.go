package mesh

import (
	"sort"
	"strings"

	"github.com/meshlint/meshlint/internal/parallel"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/nginx"
)

// NginxConfig is the nginx configuration a ConfigMap holds, parsed.
type NginxConfig struct {
	Obj     *manifest.Object
	Roots   map[string]*nginx.Config // keys not included by another key
	Proxies []nginx.Proxy
}

// nginxHops adds a hop per proxy_pass of every nginx ConfigMap, from each
// workload that mounts it.
func (m *Model) nginxHops() {
	mounts := map[nsName][]*Workload{}
	for _, w := range m.Workloads {
		for _, cm := range w.ConfigMaps {
			k := nsName{w.Namespace, cm}
			mounts[k] = append(mounts[k], w)
		}
	}
	keys := make([]nsName, 0, len(mounts))
	for k := range mounts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].ns < keys[j].ns || (keys[i].ns == keys[j].ns && keys[i].name < keys[j].name)
	})
	m.parseNginxConcurrently(keys)
	for _, k := range keys {
		ws := mounts[k]
		cm := m.ConfigMaps[k]
		if cm == nil {
			continue
		}
		nc := m.nginxConfig(cm)
		if nc == nil {
			continue
		}
		for _, p := range nc.Proxies {
			for _, w := range ws {
				m.nginxProxyHops(nc, p, w)
			}
		}
	}
}

// NginxConfigs lists the parsed nginx ConfigMaps (cached per object).
func (m *Model) nginxConfig(cm *manifest.Object) *NginxConfig {
	if m.nginxCache == nil {
		m.nginxCache = map[*manifest.Object]*NginxConfig{}
	}
	if nc, ok := m.nginxCache[cm]; ok {
		return nc
	}
	var log parseLog
	nc := parseNginx(cm, &log)
	m.nginxCache[cm] = nc
	m.Problems = append(m.Problems, log.problems...)
	m.Notes = append(m.Notes, log.notes...)
	return nc
}

// parseLog collects what parsing one ConfigMap found, so that ConfigMaps
// can be parsed concurrently and reported in a stable order.
type parseLog struct{ problems, notes []Problem }

func (l *parseLog) problem(cm *manifest.Object, line int, msg string) {
	l.problems = append(l.problems, Problem{Object: cm, Line: line, Msg: msg})
}

func (l *parseLog) note(cm *manifest.Object, line int, msg string) {
	l.notes = append(l.notes, Problem{Object: cm, Line: line, Msg: msg})
}

// parseNginxConcurrently fills the cache for the ConfigMaps of keys, on
// every core.
func (m *Model) parseNginxConcurrently(keys []nsName) {
	if m.nginxCache == nil {
		m.nginxCache = map[*manifest.Object]*NginxConfig{}
	}
	cms := make([]*manifest.Object, 0, len(keys))
	for _, k := range keys {
		if cm := m.ConfigMaps[k]; cm != nil {
			cms = append(cms, cm)
		}
	}
	ncs, logs := make([]*NginxConfig, len(cms)), make([]parseLog, len(cms))
	parallel.For(len(cms), func(i int) { ncs[i] = parseNginx(cms[i], &logs[i]) })
	for i, cm := range cms {
		m.nginxCache[cm] = ncs[i]
		m.Problems = append(m.Problems, logs[i].problems...)
		m.Notes = append(m.Notes, logs[i].notes...)
	}
}

// looksLikeNginx tells an nginx configuration from other text in a
// ConfigMap key, so that a redis.conf is not reported as broken nginx.
func looksLikeNginx(key, text string) bool {
	for _, marker := range []string{"proxy_pass", "server {", "server{", "location ", "upstream ", "http {"} {
		if strings.Contains(text, marker) {
			return true
		}
	}
	return false
}

func parseNginx(cm *manifest.Object, log *parseLog) *NginxConfig {
	data := mapAt(cm.Body, "data")
	texts := map[string]string{}
	for k, v := range data {
		if s, ok := v.(string); ok && looksLikeNginx(k, s) {
			texts[k] = s
		}
	}
	if len(texts) == 0 {
		return nil
	}
	nc := &NginxConfig{Obj: cm, Roots: map[string]*nginx.Config{}}
	included := map[string]bool{}
	for _, k := range sortedKeys(texts) {
		cfg, err := nginx.Parse(k, []byte(texts[k]))
		if err != nil {
			log.nginxProblem(cm, k, err)
			continue
		}
		log.resolveIncludes(cm, cfg, data, included)
		nc.Roots[k] = cfg
	}
	for _, k := range sortedKeys(texts) {
		if cfg := nc.Roots[k]; cfg != nil && !included[k] {
			nc.Proxies = append(nc.Proxies, cfg.Proxies()...)
		} else {
			delete(nc.Roots, k)
		}
	}
	return nc
}

func (l *parseLog) resolveIncludes(cm *manifest.Object, cfg *nginx.Config, data map[string]any, included map[string]bool) {
	lookup := func(name string) ([]byte, bool) {
		s, ok := data[name].(string)
		if ok {
			included[name] = true
		}
		return []byte(s), ok
	}
	for _, u := range cfg.ResolveIncludes(lookup, sortedKeys(data)...) {
		line := DirectiveLine(cm, u.Directive)
		switch {
		case u.Err != nil:
			l.problem(cm, line, "nginx include "+u.Name+": "+u.Err.Error())
		case u.Cycle:
			l.problem(cm, line, "nginx include "+u.Name+" includes itself")
		default:
			l.note(cm, line, "nginx include of "+u.Name+", which is not a key of this ConfigMap: its directives are unknown to meshlint")
		}
	}
}

func (l *parseLog) nginxProblem(cm *manifest.Object, key string, err error) {
	line := cm.FieldLine("data", key)
	if pe, ok := err.(*nginx.Error); ok {
		line = cm.TextLine([]string{"data", key}, pe.Line)
	}
	l.problem(cm, line, "nginx config in data."+key+": "+err.Error())
}

// DirectiveLine maps a directive of a ConfigMap's nginx text to the YAML
// file's line.
func DirectiveLine(cm *manifest.Object, d *nginx.Directive) int {
	if d == nil {
		return cm.FieldLine()
	}
	return cm.TextLine([]string{"data", d.Source}, d.Pos.Line)
}

func (m *Model) nginxProxyHops(nc *NginxConfig, p nginx.Proxy, w *Workload) {
	line := DirectiveLine(nc.Obj, p.Directive)
	if p.TargetErr != nil {
		m.Problems = append(m.Problems, Problem{Object: nc.Obj, Line: line, Msg: p.Directive.Name + ": " + p.TargetErr.Error()})
		return
	}
	targets := []nginx.Target{p.Target}
	if p.Upstream != nil {
		targets = p.Upstream.Servers
	}
	for _, t := range targets {
		if !t.HostKnown || t.Host == "" || t.IsUnix() || p.Target.Scheme == "https" || p.Target.Scheme == "grpcs" {
			m.note(nc.Obj, line, p.Directive.Name+" "+p.Target.Raw+" goes to a host known only at run time, a unix socket or over TLS: the hop is not modelled")
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
		h := Hop{Kind: "nginx", Source: workloadSource(w), Via: nc.Obj, ViaLine: line,
			Target: svc, Port: port, Host: m.nginxHost(nc.Obj, p)}
		if w.Meshed {
			h.Bypass = m.bypass(w, svc, port, false)
		}
		m.incomingHost(&h, p, w)
		m.expand(h)
	}
}

// nginxHost is the Host header nginx sends for the proxy (nginx docs,
// ngx_http_proxy_module proxy_set_header: default Host is $proxy_host).
// A stream proxy sends none (TCP); an include the ConfigMap lacks may set
// headers meshlint cannot see, and an empty value sends no Host at all:
// both leave the Host unknown, so no rule guesses.
func (m *Model) nginxHost(cm *manifest.Object, p nginx.Proxy) Host {
	h := Host{Value: p.Host.Value, Resolved: p.Host.Resolved, External: p.Host.External, Origin: "nginx-directive"}
	switch {
	case p.Incomplete || p.Host.Omitted || p.Stream:
		h = Host{Value: p.Host.Value, Origin: "nginx-unknown"}
		if p.Incomplete {
			m.note(cm, DirectiveLine(cm, p.Directive), "the proxy's headers may come from an include that is not in this ConfigMap: its Host header is unknown")
		}
	case p.Host.Default:
		h.Value, h.Origin = "$proxy_host", "nginx-default"
	}
	h.Line = DirectiveLine(cm, p.Directive)
	if p.Host.Directive != nil && !p.Host.Default {
		h.Line = DirectiveLine(cm, p.Host.Directive)
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
	names := m.incomingHosts(w)
	worst, rank := "", -1
	for _, n := range names {
		probe := h
		probe.Host.Resolved = n
		m.route(&probe)
		if r := routeRank[probe.HostMatch]; r > rank {
			worst, rank = n, r
		}
	}
	return worst
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
