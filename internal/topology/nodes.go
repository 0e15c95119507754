package topology

import (
	"strconv"
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// ingressNginx is the controller class of ingress-nginx (its
// --controller-class default, cmd/nginx/flags.go).
const ingressNginx = "k8s.io/ingress-nginx"

// nodeSet collects the nodes in the order hops first meet them, so the
// graph reads left to right as traffic flows.
type nodeSet struct {
	m     *mesh.Model
	byKey map[any]*entry
	order []*entry
	ids   map[string]bool
}

// entry is a node and the labels it can take, shortest first: the next
// one is used while two nodes share a label.
type entry struct {
	node   Node
	labels []string
}

func newNodeSet(m *mesh.Model) *nodeSet {
	return &nodeSet{m: m, byKey: map[any]*entry{}, ids: map[string]bool{}}
}

// source is the node of a hop's client: its workload, or for an ingress
// controller the inputs do not hold, its ingress class.
func (s *nodeSet) source(h *mesh.Hop) *entry {
	if w := h.Source.Workload; h.Kind == "gateway" && (w == nil || w.Obj == nil) {
		return s.gateway(h)
	}
	if w := h.Source.Workload; w != nil {
		return s.workload(w)
	}
	class := h.Source.Ref.Name
	name := controllerName(s.m, class)
	dp := h.Source.Dataplane()
	n := Node{Kind: KindController, Meshed: dp != mesh.DataplaneNone, Dataplane: dp.String(), MeshedKnown: h.Source.MeshedKnown, Ref: h.Source.Ref}
	return s.add("class:"+class, n, []string{name, name + " (class " + class + ")"})
}

// gateway is the node of a Gateway API gateway whose data plane's pods
// the inputs do not hold (no workload, or the model's stand-in for them): the Gateway itself, drawn as an ingress
// controller and named with the program that serves it.
func (s *nodeSet) gateway(h *mesh.Hop) *entry {
	dp := h.Source.Dataplane()
	ref := h.Source.Ref
	n := Node{Kind: KindController, Meshed: dp != mesh.DataplaneNone, Dataplane: dp.String(), MeshedKnown: h.Source.MeshedKnown, Ref: ref}
	name := "Gateway " + ref.Name
	return s.add("gateway:"+ref.String(), n, []string{name + " (" + h.Controller + ")",
		"Gateway " + ref.Namespace + "/" + ref.Name + " (" + h.Controller + ")", ref.String() + " (" + h.Controller + ")"})
}

// target is the node of a hop's server: its endpoint workload, or the
// Service when the inputs hold no workload behind it.
func (s *nodeSet) target(h *mesh.Hop) *entry {
	if h.Server != nil {
		return s.workload(h.Server)
	}
	svc := h.Target
	return s.add(svc, Node{Kind: KindService, Namespace: svc.Namespace, Ref: svc.Ref},
		[]string{svc.Name, svc.Namespace + "/" + svc.Name, svc.Ref.String()})
}

func (s *nodeSet) workload(w *mesh.Workload) *entry {
	n := Node{Kind: KindWorkload, Namespace: w.Namespace, Meshed: w.InMesh(), Dataplane: w.Dataplane.String(), MeshedKnown: w.MeshedKnown, Ref: w.Ref}
	// A controller's workload is drawn as the controller: the report
	// calls it "NGINX Ingress", not ingress-nginx-controller; F5's and
	// Traefik's by their names (mesh.detectController).
	if w.Controller != nil {
		n.Kind = KindController
		return s.add(w, n, controllerLabels(programName(w.Controller.Program), w.Ref))
	}
	return s.add(w, n, []string{w.Ref.Name, w.Namespace + "/" + w.Ref.Name, w.Ref.String()})
}

func (s *nodeSet) add(key any, n Node, labels []string) *entry {
	if e, ok := s.byKey[key]; ok {
		return e
	}
	n.ID = s.id(n)
	e := &entry{node: n, labels: labels}
	s.byKey[key] = e
	s.order = append(s.order, e)
	return e
}

// id is a readable identifier that Mermaid and DOT take unquoted:
// lowercase letters, digits and underscores, starting with a letter (which
// also keeps it clear of Mermaid keywords such as "end").
func (s *nodeSet) id(n Node) string {
	var parts []string
	for _, p := range []string{n.Ref.Kind, n.Ref.Namespace, n.Ref.Name} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	base := slug(strings.Join(parts, "_"))
	id := base
	for i := 2; s.ids[id]; i++ {
		id = base + "_" + strconv.Itoa(i)
	}
	s.ids[id] = true
	return id
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// nginxIngress is what the field report calls the ingress-nginx controller.
const nginxIngress = "NGINX Ingress"

// controllerName names the controller of an ingress class the inputs do
// not hold: NGINX Ingress when the class's IngressClass (or .meshlint.yaml
// entry) names ingress-nginx, or names no controller and the class is
// nginx, the class ingress-nginx serves by default.
func controllerName(m *mesh.Model, class string) string {
	switch c := classController(m, class); {
	case c == ingressNginx, c == "" && class == "nginx":
		return nginxIngress
	case c != "" && mesh.ProgramOf(c) != mesh.ProgIngressNginx:
		return programName(mesh.ProgramOf(c))
	}
	return "ingress controller " + class
}

// programName is how the report names an ingress program.
func programName(program string) string {
	switch program {
	case mesh.ProgF5:
		return "F5 NGINX Ingress Controller"
	case mesh.ProgTraefik:
		return "Traefik"
	}
	return nginxIngress
}

func classController(m *mesh.Model, class string) string {
	if ic := m.IngressClasses[class]; ic != nil {
		return ic.Controller
	}
	for _, s := range m.Settings.IngressClasses {
		if s.Name == class && s.Controller != "" {
			return s.Controller
		}
	}
	return ""
}

func controllerLabels(name string, ref manifest.Ref) []string {
	return []string{name, name + " (" + ref.Namespace + "/" + ref.Name + ")", name + " (" + ref.String() + ")"}
}

// list resolves labels and returns the nodes: those hops meet, then every
// other workload of the inputs, in input order.
func (s *nodeSet) list() []Node {
	for _, w := range s.m.Workloads {
		s.workload(w)
	}
	labels := make([][]string, len(s.order))
	for i, e := range s.order {
		labels[i] = e.labels
	}
	out := make([]Node, len(s.order))
	for i, l := range disambiguate(labels) {
		s.order[i].node.Label = l
		out[i] = s.order[i].node
	}
	return out
}

// disambiguate picks for each item the first of its labels that no other
// item shares. All the items of a clash move to their next label together:
// two "web" become "shop/web" and "blog-system/web", not "web" and
// "shop/web", which would read as if only one were qualified.
func disambiguate(labels [][]string) []string {
	level := make([]int, len(labels))
	for changed := true; changed; {
		changed = false
		groups := map[string][]int{}
		for i, l := range labels {
			groups[l[level[i]]] = append(groups[l[level[i]]], i)
		}
		for _, g := range groups {
			if len(g) < 2 {
				continue
			}
			for _, i := range g {
				if level[i] < len(labels[i])-1 {
					level[i]++
					changed = true
				}
			}
		}
	}
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = l[level[i]]
	}
	return out
}
