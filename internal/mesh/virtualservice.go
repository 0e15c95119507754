package mesh

import (
	"strconv"

	"github.com/meshlint/meshlint/internal/manifest"
)

// VirtualService is what routing reads of a VirtualService.
type VirtualService struct {
	Obj          *manifest.Object
	Ref          manifest.Ref
	Namespace    string
	Hosts        []string // resolved in the VS namespace
	MeshBound    bool     // no gateways, or "mesh" among them
	ExportTo     []string
	Destinations []VSDestination
	hostsLine    int // of spec.hosts (read as built: body.go)
}

// VSDestination is one route destination with its line.
type VSDestination struct {
	Host   string // as written
	FQDN   string
	Port   int
	Subset string
	Line   int
}

func newVirtualService(o *manifest.Object, ns, domain string) *VirtualService {
	spec := mapAt(body(o), "spec")
	vs := &VirtualService{Obj: o, Ref: o.Ref(), Namespace: ns, ExportTo: stringList(listAt(spec, "exportTo"))}
	vs.Ref.Namespace = ns
	vs.hostsLine = o.FieldLine("spec", "hosts")
	for _, h := range stringList(listAt(spec, "hosts")) {
		vs.Hosts = append(vs.Hosts, shortNameFQDN(h, ns, domain))
	}
	gws := stringList(listAt(spec, "gateways"))
	vs.MeshBound = len(gws) == 0 || contains(gws, "mesh")
	for _, kind := range []string{"http", "tcp", "tls"} {
		for i, r := range listAt(spec, kind) {
			for j, d := range listAt(asMap(r), "route") {
				dm := mapAt(asMap(d), "destination")
				h := strAt(dm, "host")
				if h == "" {
					continue
				}
				port, _ := intAt(dm, "port", "number")
				vs.Destinations = append(vs.Destinations, VSDestination{Host: h, FQDN: shortNameFQDN(h, ns, domain), Port: port, Subset: strAt(dm, "subset"),
					Line: o.FieldLine("spec", kind, strconv.Itoa(i), "route", strconv.Itoa(j), "destination", "host")})
			}
		}
	}
	return vs
}

// ServiceEntry adds hosts to the registry.
type ServiceEntry struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Hosts     []string
	ExportTo  []string
}

func (m *Model) newServiceEntry(o *manifest.Object, ns string) *ServiceEntry {
	se := &ServiceEntry{Obj: o, Ref: o.Ref(), Namespace: ns, ExportTo: stringList(listAt(body(o), "spec", "exportTo"))}
	se.Ref.Namespace = ns
	for _, h := range stringList(listAt(body(o), "spec", "hosts")) {
		se.Hosts = append(se.Hosts, m.resolveShortName(h, ns))
	}
	return se
}
