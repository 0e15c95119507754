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
	envoyProxies   map[nsName]*manifest.Object
}

// isGatewayAPIObject: a Gateway API kind the model reads, or Envoy
// Gateway's EnvoyProxy.
func isGatewayAPIObject(o *manifest.Object) bool {
	return (gatewayKinds[o.Kind] && strings.HasPrefix(o.APIVersion, gatewayAPIGroupSlash)) || isEnvoyProxy(o)
}

func (m *Model) addGatewayAPI(o *manifest.Object, ns string) {
	gw := &m.gatewayAPI
	if gw.gateways == nil {
		gw.GatewayClasses, gw.gateways = map[string]*GatewayClass{}, map[nsName]*Gateway{}
		gw.grants, gw.envoyProxies = map[string][]*ReferenceGrant{}, map[nsName]*manifest.Object{}
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
	case "EnvoyProxy":
		gw.envoyProxies[nsName{ns, o.Name}] = o
	default:
		gw.Routes = append(gw.Routes, newRoute(o, ns))
	}
}
