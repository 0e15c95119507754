package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/fact"
)

// Service visibility. A Service annotated networking.istio.io/exportTo
// (comma-separated: "*" all, "." its own namespace, "~" none, or
// namespaces) is in the registry of the sidecars of those namespaces only
// (pkg/serviceregistry/kube/conversion.go ConvertService;
// pilot/pkg/model/push_context.go IsServiceVisible). A sidecar that does
// not see a Service has no virtual host, listener or cluster for it: a
// request to it meets the catch-all (PassthroughCluster, or
// BlackHoleCluster under REGISTRY_ONLY), and its names misroute nothing.

// ExportToAnnotation is a Service's list of the namespaces that see it.
const ExportToAnnotation = "networking.istio.io/exportTo"

// parseExportTo reads the annotation; nil when absent (the mesh default,
// every namespace).
func parseExportTo(annotations map[string]string) []string {
	v, ok := annotations[ExportToAnnotation]
	if !ok || strings.TrimSpace(v) == "" {
		return nil
	}
	var out []string
	for _, ns := range strings.Split(v, ",") {
		out = append(out, strings.TrimSpace(ns))
	}
	return out
}

// Visible reports whether the sidecars of namespace client see s.
func (s *Service) Visible(client string) bool {
	if s.ExportTo == nil {
		return true
	}
	for _, e := range s.ExportTo {
		if e == "*" || e == client || (e == "." && s.Namespace == client) {
			return true
		}
	}
	return false
}

// hideUnexported sends a hop to a Service its client's sidecar does not
// know (not exported to its namespace, or not imported by its Sidecar
// resource) to the catch-all.
func (m *Model) hideUnexported(h *Hop) {
	switch h.Route {
	case RouteService, RouteSniffed, RouteTCP:
	default:
		return
	}
	if m.knows(h, h.Dest()) {
		return
	}
	h.Route = RoutePassthrough
	if m.registryOnly(h) {
		h.Route = RouteBlackhole
	}
}

// exportToFact is the annotation's value and line, null without one.
func (m *Model) exportToFact(s *Service) any {
	if s.ExportTo == nil {
		return nil
	}
	return fact.Object{"namespaces", stringsAny(s.ExportTo), "service", m.refFact(s.Ref),
		"line", s.exportToLine}
}
