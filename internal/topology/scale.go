package topology

import (
	"sort"
	"strings"

	"github.com/meshlint/meshlint/internal/mesh"
)

// Scale is the report's first table.
type Scale struct {
	Namespaces            Names    `json:"namespaces"`
	Services              Names    `json:"services"`
	Coverage              Coverage `json:"mesh_coverage"`
	DestinationRules      int      `json:"destination_rules"`
	VirtualServices       int      `json:"virtual_services"`
	AuthorizationPolicies int      `json:"authorization_policies"`
	PeerAuthentications   int      `json:"peer_authentications"`
}

// Names is a count and what it counts.
type Names struct {
	Count int      `json:"count"`
	Names []string `json:"names"`
}

// Coverage is the share of Services that are in the mesh, rounded down as
// the field report writes it (2 of 3 is 66%). A Service is meshed when the
// inputs hold at least one workload it selects and a proxy of the mesh
// (a sidecar, or ztunnel in ambient mode) carries every one's traffic.
type Coverage struct {
	Percent   int      `json:"percent"`
	Meshed    []string `json:"meshed"`
	NotMeshed []string `json:"not_meshed"`
}

// scaleOf counts the stack. Services come in the order hops reach them
// (then input order), so the list reads like the traffic: web, was, mysql.
func scaleOf(m *mesh.Model, reached []*mesh.Service) Scale {
	svcs := serviceOrder(m, reached)
	names := serviceNames(svcs)
	s := Scale{Namespaces: namespaces(m), Services: Names{Count: len(svcs), Names: names},
		DestinationRules: len(m.DestRules), VirtualServices: len(m.VirtualSvcs),
		AuthorizationPolicies: len(m.AuthzPolicies), PeerAuthentications: len(m.PeerAuths)}
	s.Coverage = Coverage{Meshed: []string{}, NotMeshed: []string{}}
	for i, svc := range svcs {
		if serviceMeshed(svc) {
			s.Coverage.Meshed = append(s.Coverage.Meshed, names[i])
		} else {
			s.Coverage.NotMeshed = append(s.Coverage.NotMeshed, names[i])
		}
	}
	if len(svcs) > 0 {
		s.Coverage.Percent = 100 * len(s.Coverage.Meshed) / len(svcs)
	}
	return s
}

// namespaces of the stack: those holding workloads or Services, and the
// Istio root namespace when the inputs put mesh config there (the report
// counts istio-system for its mesh-wide PeerAuthentication).
func namespaces(m *mesh.Model) Names {
	set := map[string]bool{}
	for _, w := range m.Workloads {
		set[w.Namespace] = true
	}
	for _, s := range m.Services {
		set[s.Namespace] = true
	}
	root := m.Settings.RootNamespace
	for _, o := range m.Objects {
		if strings.Contains(o.APIVersion, ".istio.io/") && mesh.NamespaceOf(o) == root {
			set[root] = true
			break
		}
	}
	out := make([]string, 0, len(set))
	for ns := range set {
		out = append(out, ns)
	}
	sort.Strings(out)
	return Names{Count: len(out), Names: out}
}

func serviceOrder(m *mesh.Model, reached []*mesh.Service) []*mesh.Service {
	seen := map[*mesh.Service]bool{}
	var out []*mesh.Service
	for _, s := range append(append([]*mesh.Service{}, reached...), m.Services...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func serviceNames(svcs []*mesh.Service) []string {
	labels := make([][]string, len(svcs))
	for i, s := range svcs {
		labels[i] = []string{s.Name, s.Namespace + "/" + s.Name}
	}
	return disambiguate(labels)
}

func serviceMeshed(s *mesh.Service) bool {
	for _, w := range s.Workloads {
		if !w.InMesh() {
			return false
		}
	}
	return len(s.Workloads) > 0
}
