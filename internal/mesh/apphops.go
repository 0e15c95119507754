package mesh

import (
	"regexp"
	"strconv"
	"strings"
)

// urlPattern finds service addresses in application settings:
// scheme://host[:port] (jdbc:mysql://mysql:3306/db, http://was:8080/api).
var urlPattern = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*)://([a-zA-Z0-9][a-zA-Z0-9.-]*)(?::(\d+))?`)

// defaultPorts of URL schemes whose port may be left out.
var defaultPorts = map[string]int{"http": 80, "https": 443, "mysql": 3306, "mongodb": 27017,
	"redis": 6379, "postgresql": 5432, "postgres": 5432, "amqp": 5672, "grpc": 80}

// appHops adds hops that workloads declare in their settings: env values,
// ConfigMap keys they read as env, and the ConfigMaps they mount (other
// than nginx configuration), wherever a URL names a Service of the inputs.
func (m *Model) appHops() {
	for _, w := range m.Workloads {
		seen := map[string]bool{}
		for _, text := range m.settingsTexts(w) {
			for _, u := range urlPattern.FindAllStringSubmatch(text, -1) {
				m.appHop(w, u, seen)
			}
		}
	}
}

func (m *Model) settingsTexts(w *Workload) []string {
	var out []string
	for _, c := range w.Containers {
		for _, e := range c.Env {
			switch {
			case e.Value != "":
				out = append(out, e.Value)
			case e.ConfigMap != "" && e.CMKey != "":
				out = append(out, strAt(m.configMapData(w.Namespace, e.ConfigMap), e.CMKey))
			case e.ConfigMap != "":
				for _, v := range m.configMapData(w.Namespace, e.ConfigMap) {
					out = append(out, scalarString(v))
				}
			}
		}
	}
	for _, name := range w.ConfigMaps {
		if cm := m.ConfigMaps[nsName{w.Namespace, name}]; cm != nil && m.nginxConfig(cm) == nil {
			for _, v := range mapAt(body(cm), "data") {
				out = append(out, scalarString(v))
			}
		}
	}
	return out
}

func (m *Model) configMapData(ns, name string) map[string]any {
	if cm := m.ConfigMaps[nsName{ns, name}]; cm != nil {
		return mapAt(body(cm), "data")
	}
	return nil
}

func (m *Model) appHop(w *Workload, u []string, seen map[string]bool) {
	scheme, host := strings.ToLower(u[1]), u[2]
	svc := m.lookupAppHost(host, w.Namespace) // waypoint_workload.go
	if svc == nil || svc == m.selfService(w, svc) {
		return
	}
	portNum, ok := defaultPorts[scheme]
	if u[3] != "" {
		portNum, _ = strconv.Atoi(u[3])
		ok = true
	}
	port, found := svc.Port(portNum)
	if !ok || !found || seen[svc.Ref.String()+":"+u[3]] {
		return
	}
	seen[svc.Ref.String()+":"+u[3]] = true
	h := Hop{Kind: "app", Source: workloadSource(w), Via: w.Obj, ViaLine: w.containersLine,
		Target: svc, Port: port, Host: Host{Value: host, Resolved: host, Origin: "url"}}
	if w.Meshed {
		h.Bypass = m.bypass(w, svc, port, false)
	}
	m.expand(h)
}

// selfService returns svc when it selects w itself (a workload naming its
// own Service is not a hop).
func (m *Model) selfService(w *Workload, svc *Service) *Service {
	for _, sw := range svc.Workloads {
		if sw == w {
			return svc
		}
	}
	return nil
}
