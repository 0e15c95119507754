package mesh

import "github.com/meshlint/meshlint/internal/manifest"

// Namespace is what the model knows of a namespace. Declared is false for a
// namespace the inputs only mention: its labels are then unknown.
type Namespace struct {
	Name     string
	Declared bool
	Labels   map[string]string
	Obj      *manifest.Object
}

// injection reads the namespace's injection labels.
// Istio: pkg/config/analysis/analyzers/util/in_mesh.go getNamesSidecarInjectionStatus;
// istio-injection takes precedence over istio.io/rev
// (pkg/kube/inject/webhook.go, the namespace selectors of the injector).
func (n *Namespace) injection() (meshed, decided bool) {
	switch n.Labels["istio-injection"] {
	case "enabled":
		return true, true
	case "disabled":
		return false, true
	}
	if _, ok := n.Labels["istio.io/rev"]; ok {
		return true, true
	}
	return false, false
}

func (m *Model) namespace(name string) *Namespace {
	if ns, ok := m.Namespaces[name]; ok {
		return ns
	}
	ns := &Namespace{Name: name}
	m.Namespaces[name] = ns
	return ns
}
