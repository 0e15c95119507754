package mesh

import (
	"sort"
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// SidecarRes is a Sidecar resource: what the client sidecars it applies to
// know of the mesh (egress) and what they do with the rest.
type SidecarRes struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Selector  map[string]string // workloadSelector.labels; nil: the namespace's default
	Egress    []EgressListener  // none: every host ("*/*")
	Outbound  string            // outboundTrafficPolicy.mode, "" = the mesh's
	Created   string
}

// EgressListener is one egress entry: its port (0 = any) and hosts.
type EgressListener struct {
	Port  int
	Hosts []EgressHost
	Line  int // of its hosts
}

// EgressHost is one "namespace/dnsName" import; Excluded for "~ns/name".
type EgressHost struct {
	NS, Name string
	Excluded bool
}

func newSidecarRes(o *manifest.Object, ns string) *SidecarRes {
	sc := &SidecarRes{Obj: o, Ref: o.Ref(), Namespace: ns, Created: strAt(body(o), "metadata", "creationTimestamp"),
		Outbound: strAt(body(o), "spec", "outboundTrafficPolicy", "mode")}
	sc.Ref.Namespace = ns
	if sel := mapAt(body(o), "spec", "workloadSelector"); sel != nil {
		sc.Selector = stringMap(mapAt(sel, "labels"))
		if sc.Selector == nil {
			sc.Selector = map[string]string{}
		}
	}
	for i, e := range listAt(body(o), "spec", "egress") {
		em := asMap(e)
		port, _ := intAt(em, "port", "number")
		l := EgressListener{Port: port, Line: o.FieldLine("spec", "egress", strconv.Itoa(i), "hosts")}
		for _, h := range stringList(listAt(em, "hosts")) {
			if eh, ok := parseEgressHost(h); ok {
				l.Hosts = append(l.Hosts, eh)
			}
		}
		sc.Egress = append(sc.Egress, l)
	}
	return sc
}

// parseEgressHost reads "ns/name" (Istio: pilot/pkg/model/sidecar.go
// convertIstioListenerToWrapper: a host without exactly one "/" is
// ignored; "~" before the namespace excludes; "~" alone is "*").
func parseEgressHost(h string) (EgressHost, bool) {
	if strings.Count(h, "/") != 1 {
		return EgressHost{}, false
	}
	ns, name, _ := strings.Cut(h, "/")
	eh := EgressHost{NS: ns, Name: strings.ToLower(name)}
	if strings.HasPrefix(ns, "~") {
		eh.Excluded, eh.NS = true, strings.TrimPrefix(ns, "~")
		if eh.NS == "" {
			eh.NS = "*"
		}
	}
	return eh, true
}

// NamespaceDefaultSidecar says whether o is a Sidecar the model reads
// without a workloadSelector (its namespace's default; the mesh's in the
// root namespace), read as stored (asStored: one the API server refuses
// is none). A namespace with one never takes the root namespace's
// default (SidecarFor): admission scopes a change of the root's Sidecars
// by it (admission/scope_meshwide.go).
func NamespaceDefaultSidecar(o *manifest.Object) bool {
	stored := storedAs(o, "Sidecar")
	return stored != nil && newSidecarRes(stored, NamespaceOf(o)).Selector == nil
}

// indexSidecars orders Sidecars as Istio does (push_context.go
// initSidecarScopes: those with a workloadSelector first, each group by
// creation time).
func (m *Model) indexSidecars() {
	sort.SliceStable(m.Sidecars, func(i, j int) bool {
		a, b := m.Sidecars[i], m.Sidecars[j]
		if (a.Selector != nil) != (b.Selector != nil) {
			return a.Selector != nil
		}
		return olderMeta(a.Created, a.Ref.Name, a.Namespace, a.Obj.Index, b.Created, b.Ref.Name, b.Namespace, b.Obj.Index)
	})
	m.sidecarsByNS = map[string][]*SidecarRes{}
	for _, sc := range m.Sidecars {
		m.sidecarsByNS[sc.Namespace] = append(m.sidecarsByNS[sc.Namespace], sc)
	}
}

// SidecarFor is the Sidecar that applies to a workload, nil for none.
// Istio: pilot/pkg/model/push_context.go getSidecarScope: the first Sidecar
// of the workload's namespace whose workloadSelector selects it, else the
// namespace's Sidecar without selector, else the root namespace's Sidecar
// without selector.
func (m *Model) SidecarFor(w *Workload) *SidecarRes {
	if w == nil || len(m.Sidecars) == 0 {
		return nil
	}
	var nsDefault, rootDefault *SidecarRes
	for _, sc := range append(m.sidecarsByNS[w.Namespace], m.sidecarsByNS[m.Settings.RootNamespace]...) {
		switch {
		case sc.Namespace == w.Namespace && sc.Selector != nil && selectsAll(sc.Selector, w.Labels):
			return sc
		case sc.Namespace == w.Namespace && sc.Selector == nil && nsDefault == nil:
			nsDefault = sc
		case sc.Namespace == m.Settings.RootNamespace && sc.Selector == nil && rootDefault == nil:
			rootDefault = sc
		}
	}
	if nsDefault != nil {
		return nsDefault
	}
	return rootDefault
}
