package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// gatewayAPI holds the Gateway API objects of the inputs (embedded in
// Model). Gateways of class istio-waypoint are waypoints (waypoint.go),
// not here.
type gatewayAPI struct {
	GatewayClasses map[string]*GatewayClass
	Gateways       []*Gateway
	Routes         []*Route
	gateways       map[nsName]*Gateway
	grants         map[string][]*ReferenceGrant
	backendTLSs    []*BackendTLSPolicy
	vendor         map[string][]*manifest.Object // controllers' own objects by kind (gatewayvendor.go)
}

// isGatewayAPIObject: a Gateway API kind the model reads, or one of the
// controllers' own objects that change how a gateway dials.
func isGatewayAPIObject(o *manifest.Object) bool {
	return (gatewayKinds[o.Kind] && strings.HasPrefix(o.APIVersion, gatewayAPIGroupSlash)) || isVendorObject(o)
}

func (m *Model) addGatewayAPI(o *manifest.Object, ns string) {
	gw := &m.gatewayAPI
	if gw.gateways == nil {
		gw.GatewayClasses, gw.gateways = map[string]*GatewayClass{}, map[nsName]*Gateway{}
		gw.grants, gw.vendor = map[string][]*ReferenceGrant{}, map[string][]*manifest.Object{}
	}
	if isVendorObject(o) {
		gw.vendor[o.Kind] = append(gw.vendor[o.Kind], o)
		return
	}
	switch o.Kind {
	case "GatewayClass":
		gw.GatewayClasses[o.Name] = newGatewayClass(o)
	case "Gateway":
		g := newGateway(o, ns)
		gw.Gateways = append(gw.Gateways, g)
		gw.gateways[nsName{ns, g.Name}] = g
	case "ReferenceGrant":
		gw.grants[ns] = append(gw.grants[ns], newReferenceGrant(o, ns))
	case "BackendTLSPolicy":
		gw.backendTLSs = append(gw.backendTLSs, newBackendTLSPolicy(o, ns))
	default:
		gw.Routes = append(gw.Routes, newRoute(o, ns))
	}
}

// RoutingObjects counts the objects of the Gateway API and of the
// controllers' own kinds (waypoints, F5's, Traefik's, Envoy Gateway's,
// NGINX Gateway Fabric's) the model indexed: what the admission webhook's
// Store must keep, and a test holds admission.Reads to it.
func (m *Model) RoutingObjects() int {
	gw := &m.gatewayAPI
	n := len(gw.GatewayClasses) + len(gw.Gateways) + len(gw.Routes) + len(gw.backendTLSs) + len(m.waypoints)
	for _, l := range gw.grants {
		n += len(l)
	}
	for _, l := range gw.vendor {
		n += len(l)
	}
	for _, l := range m.vendorObjs {
		n += len(l)
	}
	return n
}
