package mesh

import (
	"sync"

	"github.com/meshlint/meshlint/internal/fact"
	"github.com/meshlint/meshlint/internal/manifest"
)

// Facts is the document the rules read as input (docs/facts.md).
type Facts map[string]any

// Section is one part of the facts: a list built from a range of one of
// the model's lists (Len items of it), or, with Len -1, a single value.
// Ranges of one section can be built concurrently: the model is read-only
// once Build returns, so the rules' input can be produced in shards.
type Section struct {
	Name  string
	Len   int
	Build func(lo, hi int) any
}

// Sections lists the facts the rules read (docs/facts.md).
func (m *Model) Sections() []Section {
	list := func(name string, n int, f func(lo, hi int) []any) Section {
		return Section{Name: name, Len: n, Build: func(lo, hi int) any { return f(lo, hi) }}
	}
	dups := m.duplicates()
	return []Section{
		{Name: "settings", Len: -1, Build: func(int, int) any { return m.settingsFacts() }},
		list("workloads", len(m.Workloads), m.workloadFacts),
		list("services", len(m.Services), m.serviceFacts),
		list("hops", len(m.Hops), m.hopFacts),
		list("ingresses", len(m.Ingresses), m.ingressFacts),
		list("peer_authentications", len(m.PeerAuths), m.peerAuthFacts),
		list("destination_rules", len(m.DestRules), m.destRuleFacts),
		list("destinations", len(m.Services), m.destinationFacts),
		list("virtual_services", len(m.VirtualSvcs), m.virtualServiceFacts),
		list("server_first", len(m.Workloads), m.serverFirstFacts),
		list("duplicates", len(dups), duplicateFacts(dups)),
		list("istio_schema", len(m.Schema), m.istioSchemaFacts),
		list("ztunnel_policies", len(m.AuthzPolicies), m.ztunnelPolicyFacts),
		list("ambient_unapplied", len(m.Services), m.unappliedFacts),
		list("gateway_routes", len(m.Routes), m.gatewayRouteFacts),                 // gatewayfacts.go
		list("unbound_policy_targets", len(m.AuthzPolicies), m.unboundTargetFacts), // facts_waypoint_policies.go
	}
}

// Facts renders the whole model as the rules' input, each section
// concurrently.
func (m *Model) Facts() Facts {
	sections := m.Sections()
	out := make([]any, len(sections))
	var wg sync.WaitGroup
	for i, s := range sections {
		wg.Go(func() { out[i] = s.Build(0, max(s.Len, 0)) })
	}
	wg.Wait()
	f := make(Facts, len(sections))
	for i, s := range sections {
		f[s.Name] = out[i]
	}
	return f
}

// refFact renders a reference. The policy engine builds its OPA object
// only for an item it evaluates (fact.Ref).
func (m *Model) refFact(r manifest.Ref) any { return fact.Ref(r) }

func (m *Model) refOrNil(r *manifest.Ref) any {
	if r == nil || r.Kind == "" {
		return nil
	}
	return m.refFact(*r)
}

func refList[T any](m *Model, items []T, ref func(T) manifest.Ref) []any {
	out := make([]any, 0, len(items))
	for _, it := range items {
		out = append(out, m.refFact(ref(it)))
	}
	return out
}

func (m *Model) settingsFacts() fact.Object {
	otp := "ALLOW_ANY"
	if m.Settings.RegistryOnly {
		otp = "REGISTRY_ONLY"
	}
	return fact.Object{"root_namespace", m.Settings.RootNamespace, "cluster_domain", m.Settings.ClusterDomain,
		"auto_mtls", m.Settings.AutoMTLS, "outbound_traffic_policy", otp}
}

func (m *Model) workloadFacts(lo, hi int) []any {
	out := make([]any, 0, len(m.Workloads))
	for _, w := range m.Workloads[lo:hi] {
		out = append(out, fact.Object{"ref", m.refFact(w.Ref), "line", w.Obj.Line, "meshed", w.Meshed,
			"meshed_known", w.MeshedKnown, "meshed_reason", w.MeshedReason, "dataplane", w.Dataplane.String(),
			"inject_label_line", w.labelsLine,
			"server_first_image", m.serverFirstImage(w), "ingress_controller", w.Controller != nil})
	}
	return out
}

func (m *Model) serviceFacts(lo, hi int) []any {
	out := make([]any, 0, len(m.Services))
	for _, s := range m.Services[lo:hi] {
		meshed, unmeshed := s.endpointCounts()
		ports := make([]any, 0, len(s.Ports))
		for _, p := range s.Ports {
			ports = append(ports, fact.Object{"name", p.Name, "port", p.Port, "protocol", string(p.Protocol),
				"declared", p.Declared, "sniffed", p.Protocol == Sniffed, "http", p.Protocol.IsHTTP(),
				"line", p.Line})
		}
		out = append(out, fact.Object{"ref", m.refFact(s.Ref), "line", s.Obj.Line, "fqdn", m.FQDN(s.Namespace, s.Name),
			"has_selector", s.Selector != nil, "meshed_endpoints", meshed, "unmeshed_endpoints", unmeshed,
			"ports", ports, "workloads", refList(m, s.Workloads, func(w *Workload) manifest.Ref { return w.Ref })})
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
