package mesh

import (
	"sync"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Facts is the document the rules read as input (docs/facts.md).
type Facts map[string]any

// Facts renders the model as the rules' input. The sections are built
// concurrently: the model is read-only once Build returns.
func (m *Model) Facts() Facts {
	sections := []struct {
		name  string
		build func() any
	}{
		{"settings", func() any { return m.settingsFacts() }},
		{"workloads", func() any { return m.workloadFacts() }},
		{"services", func() any { return m.serviceFacts() }},
		{"hops", func() any { return m.hopFacts() }},
		{"ingresses", func() any { return m.ingressFacts() }},
		{"peer_authentications", func() any { return m.peerAuthFacts() }},
		{"destination_rules", func() any { return m.destRuleFacts() }},
		{"destinations", func() any { return m.destinationFacts() }},
		{"virtual_services", func() any { return m.virtualServiceFacts() }},
		{"server_first", func() any { return m.serverFirstFacts() }},
	}
	out := make([]any, len(sections))
	var wg sync.WaitGroup
	for i, s := range sections {
		wg.Go(func() { out[i] = s.build() })
	}
	wg.Wait()
	f := make(Facts, len(sections))
	for i, s := range sections {
		f[s.name] = out[i]
	}
	return f
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
