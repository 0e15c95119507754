package topology

import (
	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// Topology is what `meshlint report` and `meshlint graph` print.
type Topology struct {
	Scale Scale  `json:"scale"`
	Nodes []Node `json:"nodes"`
	Hops  []Hop  `json:"hops"`
}

// Node is one box of the graph: a workload, an ingress controller the
// inputs do not hold, or a Service without a workload in the inputs.
type Node struct {
	ID        string `json:"id"` // safe in Mermaid and DOT: [a-z0-9_]
	Label     string `json:"label"`
	Kind      string `json:"kind"` // workload | ingress-controller | service
	Namespace string `json:"namespace,omitempty"`
	Meshed    bool   `json:"meshed"` // a proxy of the mesh carries its traffic: a sidecar or ztunnel
	// Dataplane is how: none, sidecar or ambient (ztunnel).
	Dataplane string `json:"dataplane"`
	// MeshedKnown is false when the mesh status rests on what the inputs
	// do not tell (an undeclared namespace, a controller nobody described).
	MeshedKnown bool         `json:"meshed_known"`
	Ref         manifest.Ref `json:"ref"`
}

// Node kinds.
const (
	KindWorkload   = "workload"
	KindController = "ingress-controller"
	KindService    = "service"
)

// Hop is one row of the hop table: the model's hops from one node to
// another through one Service port with one outcome, merged.
type Hop struct {
	Name     string       `json:"hop"` // "web -> was:8080"
	From     string       `json:"from"`
	To       string       `json:"to"`
	Service  manifest.Ref `json:"service"`
	Port     int          `json:"port"`
	Protocol string       `json:"protocol"` // Istio's protocol of the Service port
	Mode     string       `json:"mode"`     // what carries it at each end: "sidecar -> ztunnel", "ztunnel -> waypoint -> ztunnel"
	Outcome  string       `json:"outcome"`  // the model's outcome (mesh.Out*)
	Label    string       `json:"label"`    // mTLS, plain text, passthrough, broken (...)
	Class    string       `json:"class"`    // mtls | plaintext | broken | unknown
	Why      string       `json:"why"`
	Via      []Place      `json:"via"`
}

// Place is where a hop is declared: an Ingress backend, an nginx
// directive, a workload's settings.
type Place struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

// Build computes the topology of a model.
func Build(m *mesh.Model) *Topology {
	nodes := newNodeSet(m)
	rows := hopsOf(m, nodes)
	reached := make([]*mesh.Service, 0, len(m.Hops))
	for _, h := range m.Hops {
		reached = append(reached, h.Target)
	}
	t := &Topology{Scale: scaleOf(m, reached), Nodes: nodes.list()}
	t.Hops = finish(rows)
	return t
}
