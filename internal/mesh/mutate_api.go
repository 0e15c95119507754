package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// What the mutations (internal/mutate) read of the model beyond its
// exported fields.

// NginxConfigsOf returns the configurations of the nginx containers that
// load a file of the ConfigMap cm (found by namespace and name), in model
// order; none when no nginx container of the inputs loads it (a ConfigMap
// no workload mounts, or whose keys no include reaches).
func (m *Model) NginxConfigsOf(cm *manifest.Object) []*NginxConfig {
	if ncs := m.nginxCfgs.byCM[cm]; ncs != nil {
		return ncs
	}
	if o := m.ConfigMaps[nsName{NamespaceOf(cm), cm.Name}]; o != nil && cm.Kind == "ConfigMap" {
		return m.nginxCfgs.byCM[o]
	}
	return nil
}

// SuggestedHost is the Host header that routes the hop to its target from
// the client's namespace (the one ML201 and ML202 suggest): the short name
// in the same namespace, else svc.ns.
func (m *Model) SuggestedHost(h *Hop) string { return m.suggestedHost(h) }

// MeshedEndpoints counts the workloads behind s that have a sidecar.
func (s *Service) MeshedEndpoints() int {
	n, _ := s.endpointCounts()
	return n
}

// HopsVia returns the hops that the object declares (an Ingress, an nginx
// ConfigMap, a workload's settings), in model order.
func (m *Model) HopsVia(o *manifest.Object) []*Hop { return m.hopsVia[o] }

// ServerFirstImage returns the first container image of w that is a
// configured server-first database, or "".
func (m *Model) ServerFirstImage(w *Workload) string { return m.serverFirstImage(w) }

// HostMatches reports whether a config host (maybe a wildcard) covers h.
// Istio: pkg/config/host Name.Matches.
func HostMatches(pattern, h string) bool { return hostMatches(pattern, h) }

// Selects reports whether matchLabels sel selects labels (an empty
// selector selects everything).
func Selects(sel, labels map[string]string) bool { return selectsAll(sel, labels) }

// PodTemplatePath tells where a workload kind keeps its pod template (nil
// for a Pod: the object itself); ok is false for other kinds.
func PodTemplatePath(kind string) (path []string, ok bool) {
	path, ok = podTemplatePaths[kind]
	return path, ok
}

// NginxConfigs returns the configuration of every nginx container of the
// inputs, in model order (none once a build with Release is done).
func (m *Model) NginxConfigs() []*NginxConfig { return m.nginxCfgs.all }
