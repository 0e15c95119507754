package mesh

import (
	"github.com/meshlint/meshlint/internal/manifest"
)

// Facts is the document the rules read as input (docs/facts.md).
type Facts map[string]any

// Facts renders the model as the rules' input.
func (m *Model) Facts() Facts {
	return Facts{
		"settings":             m.settingsFacts(),
		"workloads":            m.workloadFacts(),
		"services":             m.serviceFacts(),
		"hops":                 m.hopFacts(),
		"ingresses":            m.ingressFacts(),
		"peer_authentications": m.peerAuthFacts(),
		"destination_rules":    m.destRuleFacts(),
		"destinations":         m.destinationFacts(),
		"virtual_services":     m.virtualServiceFacts(),
		"server_first":         m.serverFirstFacts(),
	}
}

func refFact(r manifest.Ref) map[string]any {
	return map[string]any{"apiVersion": r.APIVersion, "kind": r.Kind, "namespace": r.Namespace, "name": r.Name}
}

func refOrNil(r *manifest.Ref) any {
	if r == nil || r.Kind == "" {
		return nil
	}
	return refFact(*r)
}

func refList[T any](items []T, ref func(T) manifest.Ref) []any {
	out := make([]any, 0, len(items))
	for _, it := range items {
		out = append(out, refFact(ref(it)))
	}
	return out
}

func (m *Model) settingsFacts() map[string]any {
	otp := "ALLOW_ANY"
	if m.Settings.RegistryOnly {
		otp = "REGISTRY_ONLY"
	}
	return map[string]any{"root_namespace": m.Settings.RootNamespace, "cluster_domain": m.Settings.ClusterDomain,
		"auto_mtls": m.Settings.AutoMTLS, "outbound_traffic_policy": otp}
}

func (m *Model) workloadFacts() []any {
	out := make([]any, 0, len(m.Workloads))
	for _, w := range m.Workloads {
		out = append(out, map[string]any{"ref": refFact(w.Ref), "line": w.Obj.Line, "meshed": w.Meshed,
			"meshed_known": w.MeshedKnown, "meshed_reason": w.MeshedReason,
			"inject_label_line":  w.TemplateLine("metadata", "labels"),
			"server_first_image": m.serverFirstImage(w), "ingress_controller": w.Controller != nil})
	}
	return out
}

func (m *Model) serviceFacts() []any {
	out := make([]any, 0, len(m.Services))
	for _, s := range m.Services {
		meshed, unmeshed := s.endpointCounts()
		ports := make([]any, 0, len(s.Ports))
		for _, p := range s.Ports {
			ports = append(ports, map[string]any{"name": p.Name, "port": p.Port, "protocol": string(p.Protocol),
				"declared": p.Declared, "sniffed": p.Protocol == Sniffed, "http": p.Protocol.IsHTTP(),
				"line": s.Obj.FieldLine("spec", "ports", itoa(p.Index))})
		}
		out = append(out, map[string]any{"ref": refFact(s.Ref), "line": s.Obj.Line, "fqdn": m.FQDN(s.Namespace, s.Name),
			"has_selector": s.Selector != nil, "meshed_endpoints": meshed, "unmeshed_endpoints": unmeshed,
			"ports": ports, "workloads": refList(s.Workloads, func(w *Workload) manifest.Ref { return w.Ref })})
	}
	return out
}

func (s *Service) endpointCounts() (meshed, unmeshed int) {
	for _, w := range s.Workloads {
		if w.Meshed {
			meshed++
		} else {
			unmeshed++
		}
	}
	return meshed, unmeshed
}
