package mesh

import "strconv"

// Subset is one DestinationRule subset: the endpoints its labels select
// and its own traffic policy.
type Subset struct {
	Name      string
	Labels    map[string]string
	TLS       *TLSSetting         // subset trafficPolicy.tls
	PortLevel map[int]*PortPolicy // subset trafficPolicy.portLevelSettings
	Line      int
}

func (dr *DestRule) parseSubsets() {
	o := dr.Obj
	for i, sv := range listAt(body(o), "spec", "subsets") {
		sm := asMap(sv)
		idx := strconv.Itoa(i)
		s := Subset{Name: strAt(sm, "name"), Labels: stringMap(mapAt(sm, "labels")),
			Line: o.FieldLine("spec", "subsets", idx, "name")}
		if tls := mapAt(sm, "trafficPolicy", "tls"); tls != nil {
			s.TLS = &TLSSetting{Mode: orDefault(strAt(tls, "mode"), "DISABLE"),
				Line: o.FieldLine("spec", "subsets", idx, "trafficPolicy", "tls", "mode")}
		}
		s.PortLevel = portLevel(o, listAt(sm, "trafficPolicy", "portLevelSettings"), "spec", "subsets", idx, "trafficPolicy")
		dr.Subsets = append(dr.Subsets, s)
	}
}

// SubsetTLS is the client TLS of a subset's cluster on port: the rule's
// TLS for the port, overridden by the subset's tls, or replaced whole by
// the subset's portLevelSettings entry for the port.
// Istio: pilot/pkg/networking/util/util.go MergeSubsetTrafficPolicy,
// pilot/pkg/model/destination_rule.go MergeTrafficPolicy (hasPortLevel).
func (dr *DestRule) SubsetTLS(name string, port int) (*TLSSetting, *Subset) {
	for i := range dr.Subsets {
		s := &dr.Subsets[i]
		if s.Name != name {
			continue
		}
		if pp, ok := s.PortLevel[port]; ok {
			return pp.TLS, s
		}
		if s.TLS != nil {
			return s.TLS, s
		}
		return dr.TLSFor(port), s
	}
	return nil, nil
}

// subsetApplications are the subset clusters of an application's rule
// that a mesh VirtualService visible to its clients routes to on its
// port: each with the subset's TLS (the subset cluster is built with it,
// cluster_builder.go buildSubsetCluster) and only the endpoints the
// subset's labels select.
func (m *Model) subsetApplications(a Application) []Application {
	if a.DestRule == nil || len(a.DestRule.Subsets) == 0 {
		return nil
	}
	var out []Application
	seen := map[string]bool{}
	fqdn := m.FQDN(a.Service.Namespace, a.Service.Name)
	for _, vs := range m.VirtualSvcs {
		if !vs.MeshBound || !visibleToAny(vs, a.Clients) {
			continue
		}
		for _, d := range vs.Destinations {
			if d.Subset == "" || seen[d.Subset] || d.FQDN != fqdn || (d.Port != 0 && d.Port != a.Port.Port) {
				continue
			}
			if tls, s := a.DestRule.SubsetTLS(d.Subset, a.Port.Port); s != nil {
				seen[d.Subset] = true
				sa := a
				sa.Subset, sa.TLS = s, tls
				out = append(out, sa)
			}
		}
	}
	return out
}

func visibleToAny(vs *VirtualService, clients []string) bool {
	for _, c := range clients {
		if c == "*" && (len(vs.ExportTo) == 0 || contains(vs.ExportTo, "*")) {
			return true
		}
		if exportedTo(vs.ExportTo, vs.Namespace, c) {
			return true
		}
	}
	return false
}

// selected reports whether a subset's labels select w (no labels: all).
func (s *Subset) selected(w *Workload) bool {
	return s == nil || selectsAll(s.Labels, w.Labels)
}
