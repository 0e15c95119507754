package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// Waypoints, as istiod finds and binds them
// (pilot/pkg/serviceregistry/ambient/waypoints.go). A waypoint is a
// Gateway API Gateway of class istio-waypoint; the traffic it takes is
// its istio.io/waypoint-for label (else its GatewayClass's, else
// "service"); istiod deploys it with a service account named after the
// Gateway unless gateway.istio.io/service-account names another
// (pilot/pkg/config/kube/gatewaycommon: the waypoint class has no name
// suffix), so the connections it opens carry that identity.

const (
	waypointClass        = "istio-waypoint"
	labelWaypointFor     = "istio.io/waypoint-for"
	labelUseWaypoint     = "istio.io/use-waypoint"
	labelUseWaypointNS   = UseWaypointNamespaceLabel
	annGatewaySA         = "gateway.istio.io/service-account"
	waypointForService   = "service"
	waypointForAll       = "all"
	gatewayAPIGroupSlash = "gateway.networking.k8s.io/"
)

// Waypoint is one waypoint Gateway.
type Waypoint struct {
	Obj            *manifest.Object
	Ref            manifest.Ref
	Namespace      string
	Name           string
	TrafficType    string // service | workload | all | none
	ServiceAccount string
	// From is allowedRoutes.namespaces.from of its HBONE listener (port
	// 15008): Same (the default), All or Selector; selector its labels.
	From     string
	selector map[string]string
	// TrustDomain is the mesh's (istiod.go), set when a Service or
	// workload binds the waypoint.
	TrustDomain string
}

// Principal is the SPIFFE identity of the waypoint's pods.
func (wp *Waypoint) Principal() string {
	return orDefault(wp.TrustDomain, "cluster.local") + "/ns/" + wp.Namespace + "/sa/" + wp.ServiceAccount
}

func isWaypointGateway(o *manifest.Object) bool {
	return o.Kind == "Gateway" && strings.HasPrefix(o.APIVersion, gatewayAPIGroupSlash) &&
		strAt(body(o), "spec", "gatewayClassName") == waypointClass
}

func newWaypoint(o *manifest.Object, ns string) *Waypoint {
	wp := &Waypoint{Obj: o, Ref: o.Ref(), Namespace: ns, Name: o.Name, TrafficType: waypointForService,
		ServiceAccount: o.Name, From: "Same"}
	wp.Ref.Namespace = ns
	if tt, ok := o.Labels()[labelWaypointFor]; ok {
		wp.TrafficType = tt
	}
	if sa := o.Annotations()[annGatewaySA]; sa != "" {
		wp.ServiceAccount = sa
	}
	for _, l := range listAt(body(o), "spec", "listeners") {
		lm := asMap(l)
		if port, _ := intAt(lm, "port"); strAt(lm, "protocol") != "HBONE" || port != 15008 {
			continue
		}
		if from := strAt(lm, "allowedRoutes", "namespaces", "from"); from != "" {
			wp.From = from
		}
		wp.selector = stringMap(mapAt(lm, "allowedRoutes", "namespaces", "selector", "matchLabels"))
	}
	return wp
}

// allowsFrom is AllowsAttachmentFromNamespace.
func (wp *Waypoint) allowsFrom(ns *Namespace, name string) bool {
	switch wp.From {
	case "All":
		return true
	case "Selector":
		return ns != nil && selectsAll(wp.selector, ns.Labels)
	}
	return wp.Namespace == name
}

// WaypointUse is the waypoint a Service's traffic goes through, if any.
// Known is false when the binding names a waypoint the inputs do not hold
// or rests on a namespace they do not declare.
type WaypointUse struct {
	Waypoint *Waypoint
	Known    bool
	Why      string
}

// serviceWaypoint is fetchWaypointForService: the Service's own
// istio.io/use-waypoint label ("none" opts out), else its namespace's;
// the waypoint must take service traffic and admit the namespace.
func (m *Model) serviceWaypoint(s *Service) WaypointUse {
	ref, _, ns, end := m.waypointLabel(s.waypointLabels, s.Namespace, "the Service")
	if end != nil {
		return *end
	}
	wp := m.waypoints[*ref]
	switch {
	case wp == nil:
		return WaypointUse{Known: false, Why: "waypoint " + ref.ns + "/" + ref.name + " is not in the inputs"}
	case !wp.allowsFrom(ns, s.Namespace):
		return WaypointUse{Known: true, Why: "waypoint " + wp.Ref.String() + " does not admit namespace " + s.Namespace}
	case wp.TrafficType != waypointForService && wp.TrafficType != waypointForAll:
		return WaypointUse{Known: true, Why: "waypoint " + wp.Ref.String() + " is for " + wp.TrafficType + " traffic"}
	}
	wp.TrustDomain = m.istiod().trustDomain
	return WaypointUse{Waypoint: wp, Known: true, Why: "Service traffic goes through waypoint " + wp.Ref.String()}
}

// waypointLabel reads the istio.io/use-waypoint label of an object (what
// names it: "the pod", "the Service"), else its namespace's: the waypoint
// it names, whether the object names it itself, and its namespace; or,
// when there is no waypoint to look up, the use that ends the search.
func (m *Model) waypointLabel(labels map[string]string, namespace, what string) (ref *nsName, own bool, ns *Namespace, end *WaypointUse) {
	ref, isNone := useWaypoint(labels, namespace)
	own = ref != nil
	ns = m.namespace(namespace)
	switch {
	case isNone:
		return nil, false, ns, &WaypointUse{Known: true, Why: what + " opts out (" + labelUseWaypoint + ": none)"}
	case ref == nil && !ns.Declared:
		return nil, false, ns, &WaypointUse{Known: false, Why: "namespace " + namespace + " is not in the inputs: its " + labelUseWaypoint + " label is unknown"}
	case ref == nil:
		ref, _ = useWaypoint(ns.Labels, namespace)
	}
	if ref == nil {
		return nil, false, ns, &WaypointUse{Known: true}
	}
	return ref, own, ns, nil
}

// UseWaypointNamespaceLabel names the namespace of the waypoint that a
// Namespace, Service, ServiceEntry or pod labelled istio.io/use-waypoint
// uses (useWaypoint): its hops depend on the objects there.
const UseWaypointNamespaceLabel = "istio.io/use-waypoint-namespace"

// waypointLabels are the labels useWaypoint reads, of those that are
// strings.
func waypointLabels(labels map[string]any) map[string]string {
	var out map[string]any
	for _, k := range []string{labelUseWaypoint, labelUseWaypointNS} {
		if v, ok := labels[k].(string); ok {
			if out == nil {
				out = map[string]any{}
			}
			out[k] = v
		}
	}
	return stringMap(out)
}

// useWaypoint is GetUseWaypoint.
func useWaypoint(labels map[string]string, defaultNS string) (*nsName, bool) {
	v, ok := labels[labelUseWaypoint]
	if !ok {
		return nil, false
	}
	if v == "none" {
		return nil, true
	}
	ns := defaultNS
	if o, ok := labels[labelUseWaypointNS]; ok {
		ns = o
	}
	return &nsName{ns, v}, false
}
