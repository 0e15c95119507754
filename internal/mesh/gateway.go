package mesh

import (
	"strconv"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Gateway API (gateway.networking.k8s.io, v1 and the v1beta1/v1alpha2
// versions still served): the objects an ingress gateway is declared
// with. Field meanings and defaults follow the spec's Go types
// (kubernetes-sigs/gateway-api apis/v1/gateway_types.go,
// gatewayclass_types.go, shared_types.go).

// GatewayClass is a GatewayClass: the controller that serves its
// Gateways (spec.controllerName).
type GatewayClass struct {
	Obj        *manifest.Object
	Name       string
	Controller string
}

// Gateway is a Gateway that is not an Istio waypoint.
type Gateway struct {
	Obj       *manifest.Object
	Ref       manifest.Ref
	Namespace string
	Name      string
	Class     string
	Listeners []*Listener
	Addresses []string
	// InfraLabels and InfraAnnotations are spec.infrastructure's: what
	// the implementation should put on the resources it creates (GEP-1867).
	InfraLabels      map[string]string
	InfraAnnotations map[string]string
	// Params is spec.infrastructure.parametersRef (kind/name), "" for none.
	Params manifest.Ref
	plane  *GatewayPlane // gatewayplane.go, decided once
}

// Listener is one entry of a Gateway's spec.listeners.
type Listener struct {
	Name     string
	Hostname string // "" matches every hostname
	Port     int
	Protocol string // HTTP | HTTPS | TLS | TCP | UDP
	// From is allowedRoutes.namespaces.from: Same (the default), All or
	// Selector; sel its selector.
	From  string
	sel   selector
	Kinds []string // allowedRoutes.kinds, or the protocol's defaults
	Line  int
}

func newGatewayClass(o *manifest.Object) *GatewayClass {
	return &GatewayClass{Obj: o, Name: o.Name, Controller: strAt(body(o), "spec", "controllerName")}
}

func newGateway(o *manifest.Object, ns string) *Gateway {
	g := &Gateway{Obj: o, Ref: o.Ref(), Namespace: ns, Name: o.Name,
		Class:            strAt(body(o), "spec", "gatewayClassName"),
		InfraLabels:      stringMap(mapAt(body(o), "spec", "infrastructure", "labels")),
		InfraAnnotations: stringMap(mapAt(body(o), "spec", "infrastructure", "annotations"))}
	g.Ref.Namespace = ns
	if p := mapAt(body(o), "spec", "infrastructure", "parametersRef"); p != nil {
		g.Params = manifest.Ref{Kind: strAt(p, "kind"), Name: strAt(p, "name"), Namespace: ns}
	}
	for _, a := range listAt(body(o), "spec", "addresses") {
		g.Addresses = append(g.Addresses, strAt(asMap(a), "value"))
	}
	for i, l := range listAt(body(o), "spec", "listeners") {
		g.Listeners = append(g.Listeners, newListener(asMap(l), o.FieldLine("spec", "listeners", strconv.Itoa(i))))
	}
	return g
}

func newListener(l map[string]any, line int) *Listener {
	port, _ := intAt(l, "port")
	li := &Listener{Name: strAt(l, "name"), Hostname: strAt(l, "hostname"), Port: port,
		Protocol: strAt(l, "protocol"), From: "Same", Line: line}
	if from := strAt(l, "allowedRoutes", "namespaces", "from"); from != "" {
		li.From = from
	}
	li.sel = selectorFrom(mapAt(l, "allowedRoutes", "namespaces", "selector"))
	for _, k := range listAt(l, "allowedRoutes", "kinds") {
		km := asMap(k)
		if g := strAt(km, "group"); g == "" || g == gatewayAPIGroup {
			li.Kinds = append(li.Kinds, strAt(km, "kind"))
		}
	}
	if len(listAt(l, "allowedRoutes", "kinds")) == 0 {
		li.Kinds = defaultRouteKinds[li.Protocol]
	}
	return li
}

// defaultRouteKinds are the route kinds a listener takes when
// allowedRoutes.kinds is empty: "the implementation determines the kinds
// based on the protocol" (gateway_types.go RouteGroupKind); every
// implementation here takes HTTPRoute and GRPCRoute on HTTP and HTTPS,
// TLSRoute on TLS and TCPRoute on TCP.
var defaultRouteKinds = map[string][]string{
	"HTTP": {"HTTPRoute", "GRPCRoute"}, "HTTPS": {"HTTPRoute", "GRPCRoute"},
	"TLS": {"TLSRoute", "TCPRoute"}, "TCP": {"TCPRoute"}, "UDP": {"UDPRoute"},
}

const gatewayAPIGroup = "gateway.networking.k8s.io"

// gatewayKinds are the Gateway API kinds the model reads.
var gatewayKinds = map[string]bool{"GatewayClass": true, "Gateway": true, "HTTPRoute": true,
	"GRPCRoute": true, "TLSRoute": true, "TCPRoute": true, "ReferenceGrant": true, "BackendTLSPolicy": true}
