package mesh

import (
	"os"
	"testing"
)

// Istio: pilot/pkg/model/sidecar.go initSidecarScopeInternalIndexes: a
// Sidecar's outboundTrafficPolicy replaces the mesh's for its workloads.
func TestSidecarOutboundTrafficPolicyOverridesTheMesh(t *testing.T) {
	b, err := os.ReadFile("../../testdata/rules/ML205/namespace-default-without-shop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, extra, route string
	}{
		{"the mesh default ALLOW_ANY passes through", "", RoutePassthrough},
		{"REGISTRY_ONLY in the Sidecar blackholes", "  outboundTrafficPolicy:\n    mode: REGISTRY_ONLY\n", RouteBlackhole},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := build(t, string(b)+c.extra)
			if len(m.Hops) != 1 {
				t.Fatalf("%d hops", len(m.Hops))
			}
			if h := m.Hops[0]; h.Route != c.route {
				t.Errorf("route %s, want %s (%s)", h.Route, c.route, h.Why)
			}
		})
	}
}

func TestSidecarSelection(t *testing.T) {
	b, err := os.ReadFile("../../testdata/rules/ML205/selector-wins-over-default.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := build(t, string(b))
	var fe *Workload
	for _, w := range m.Workloads {
		if w.Ref.Name == "frontend" {
			fe = w
		}
	}
	if sc := m.SidecarFor(fe); sc == nil || sc.Ref.Name != "frontend" {
		t.Errorf("SidecarFor(frontend) = %v, want the selecting Sidecar", sc)
	}
}
