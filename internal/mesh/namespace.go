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

func (m *Model) namespace(name string) *Namespace {
	if ns, ok := m.Namespaces[name]; ok {
		return ns
	}
	ns := &Namespace{Name: name}
	m.Namespaces[name] = ns
	return ns
}
