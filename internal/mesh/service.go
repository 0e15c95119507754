package mesh

import (
	"strconv"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Service is a Kubernetes Service as the mesh sees it.
type Service struct {
	Obj          *manifest.Object
	Ref          manifest.Ref
	Namespace    string
	Name         string
	Selector     map[string]string // nil: no selector (endpoints managed elsewhere)
	Ports        []ServicePort
	ClusterIPs   []string
	ExternalName string
	ExportTo     []string    // networking.istio.io/exportTo; nil = every namespace
	Workloads    []*Workload // workloads the selector selects
	Waypoint     WaypointUse // the waypoint its traffic from ambient clients goes through (waypoint.go)
	Headless     bool        // clusterIP None: clients dial the pods
	annotations  map[string]string
	// waypointLabels are its istio.io/use-waypoint labels that are strings
	// (serviceWaypoint), and nativeLB Traefik's nativelb annotation
	// (traefikGatewayNativeLB): read as the metadata's strings, a value of
	// another type being none (manifest.Object.Labels, Annotations).
	waypointLabels  map[string]string
	nativeLB        bool
	exportToLine    int // of the exportTo annotation, for the facts (read as built: body.go)
	annotationsLine int // of metadata.annotations, for Traefik's hops (read as built)
}

// ServicePort is one port with Istio's view of its protocol.
type ServicePort struct {
	Name       string
	Port       int
	TargetNum  int    // numeric targetPort (defaults to Port)
	TargetName string // named targetPort
	Protocol   Protocol
	Declared   bool // protocol came from the name or appProtocol
	Index      int
	Line       int // of the ports entry (read as built: body.go)
}

func newService(o *manifest.Object, ns string) *Service {
	s := &Service{Obj: o, Ref: o.Ref(), Namespace: ns, Name: o.Name}
	s.Ref.Namespace = ns
	s.annotations = stringMap(mapAt(body(o), "metadata", "annotations"))
	s.waypointLabels = waypointLabels(mapAt(body(o), "metadata", "labels"))
	s.nativeLB = mapAt(body(o), "metadata", "annotations")[annTraefikNativeLB] == "true"
	s.ExportTo = parseExportTo(s.annotations)
	s.annotationsLine = o.FieldLine("metadata", "annotations")
	if s.ExportTo != nil {
		s.exportToLine = o.FieldLine("metadata", "annotations", ExportToAnnotation)
	}
	spec := mapAt(body(o), "spec")
	s.Headless = strAt(spec, "clusterIP") == "None"
	if sel := mapAt(spec, "selector"); sel != nil {
		s.Selector = stringMap(sel)
	}
	if strAt(spec, "type") == "ExternalName" {
		s.ExternalName = strAt(spec, "externalName") // Istio: kube/conversion.go reads it only then
	}
	for _, ip := range append([]string{strAt(spec, "clusterIP")}, stringList(listAt(spec, "clusterIPs"))...) {
		if ip != "" && ip != "None" && !contains(s.ClusterIPs, ip) {
			s.ClusterIPs = append(s.ClusterIPs, ip)
		}
	}
	for i, p := range listAt(spec, "ports") {
		pm, _ := p.(map[string]any)
		if sp, ok := newServicePort(pm, i); ok {
			sp.Line = o.FieldLine("spec", "ports", itoa(i))
			s.Ports = append(s.Ports, sp)
		}
	}
	return s
}

func newServicePort(pm map[string]any, idx int) (ServicePort, bool) {
	port, ok := intAt(pm, "port")
	if !ok {
		return ServicePort{}, false
	}
	sp := ServicePort{Name: strAt(pm, "name"), Port: port, TargetNum: port, Index: idx}
	switch t := pm["targetPort"].(type) {
	case string:
		if n, err := strconv.Atoi(t); err == nil {
			sp.TargetNum = n
		} else {
			sp.TargetNum, sp.TargetName = 0, t
		}
	default:
		if n, ok := toInt(t); ok {
			sp.TargetNum = n
		}
	}
	sp.Protocol, sp.Declared = ConvertProtocol(port, sp.Name, strAt(pm, "protocol"), strAt(pm, "appProtocol"))
	return sp, true
}

// Port returns the service port numbered n.
func (s *Service) Port(n int) (ServicePort, bool) {
	for _, p := range s.Ports {
		if p.Port == n {
			return p, true
		}
	}
	return ServicePort{}, false
}

// PortByName returns the service port named name.
func (s *Service) PortByName(name string) (ServicePort, bool) {
	for _, p := range s.Ports {
		if p.Name == name {
			return p, true
		}
	}
	return ServicePort{}, false
}

// ContainerPort resolves the port's targetPort on a workload: a number is
// used as is; a name is looked up among the workload's container ports.
func (p ServicePort) ContainerPort(w *Workload) (int, bool) {
	if p.TargetName == "" {
		return p.TargetNum, true
	}
	for _, c := range w.Containers {
		for _, cp := range c.Ports {
			if cp.Name == p.TargetName {
				return cp.Port, true
			}
		}
	}
	return 0, false
}

// FQDN is the Service's host name in the mesh.
func (m *Model) FQDN(ns, name string) string {
	return name + "." + ns + ".svc." + m.Settings.ClusterDomain
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
