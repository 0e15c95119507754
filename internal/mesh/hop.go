package mesh

import (
	"github.com/meshlint/meshlint/internal/manifest"
)

// Outcomes of a hop.
const (
	OutMTLS        = "mtls"
	OutPlaintext   = "plaintext"
	OutPassthrough = "passthrough"
	OutMisrouted   = "misrouted"
	OutRejected    = "rejected"
	OutDenied      = "denied"
	OutHangs       = "hangs"
	OutUnknown     = "unknown"
)

// Route kinds: where the client sidecar sends the request.
const (
	RouteDirect      = "direct"      // no client sidecar in the path
	RouteService     = "service"     // the Service's own cluster
	RouteSniffed     = "sniffed"     // auto-detected port: any Host reaches the Service
	RouteTCP         = "tcp"         // TCP port: routed by destination address
	RoutePassthrough = "passthrough" // PassthroughCluster (ALLOW_ANY)
	RouteBlackhole   = "blackhole"   // BlackHoleCluster (REGISTRY_ONLY): 502
	RouteMisrouted   = "misrouted"   // another Service's virtual host
	RouteVS          = "virtualservice"
	RouteSE          = "serviceentry"
	RouteUnknown     = "unknown" // Host not known statically
)

// Source is the client side of a hop.
type Source struct {
	Ref         manifest.Ref
	Namespace   string
	Workload    *Workload // nil for an ingress controller the inputs lack
	Meshed      bool
	MeshedKnown bool
	Why         string // how the mesh status was decided
}

// Host is the Host header a hop carries.
type Host struct {
	Value    string // as configured ("$host", "was-service", ...)
	Resolved string // static value, "" when dynamic
	External bool   // the client's external name
	Origin   string // nginx-directive | nginx-default | ingress | upstream-vhost | url
	Line     int
}

// Hop is one connection the inputs declare, with what the mesh does to it.
type Hop struct {
	Kind string // ingress | gateway | nginx | app
	// Controller is the proxy program of an ingress or gateway hop
	// (ingress-nginx, f5-nginx-ingress, traefik, envoy-gateway,
	// nginx-gateway-fabric, istio, kgateway, cilium, unknown); "" for
	// nginx and app hops.
	Controller string
	Source     Source
	Via        *manifest.Object // the Ingress, ConfigMap or workload declaring it
	Gateway    *Gateway         // the Gateway of a gateway hop (Via is its route), nil for others
	ViaLine    int
	Target     *Service
	Alias      *Service // the concrete Service when Target is an ExternalName alias of it
	Port       ServicePort
	Host       Host
	Sidecar    *SidecarRes // the Sidecar resource of a meshed client, nil for none
	// Waypoint is the waypoint an ambient client's hop goes through (the
	// target Service's), nil for none.
	Waypoint *Waypoint
	Bypass   string // why the client sidecar is not in the path, if it is not
	PodIPs   bool   // the client dials pod IPs, not the Service

	Route       string
	HostMatch   string       // where the Host header alone would route (for sniffed ports too)
	RoutedTo    *Service     // for misrouted
	RoutedVia   manifest.Ref // VirtualService / ServiceEntry that matched
	DestRule    *DestRule    // applicable DestinationRule
	ClientTLS   string       // ISTIO_MUTUAL | DISABLE | SIMPLE | MUTUAL | auto | none
	Server      *Workload    // endpoint workload (nil when the inputs lack it)
	ServerPort  int          // container port
	ServerMode  ServerMode   // PeerAuthentication result when the server is meshed
	Captured    bool         // server sidecar intercepts the port
	Outcome     string
	Why         string
	DeniedBy    []*AuthzPolicy
	DenyAction  string         // ALLOW (no rule admits it) | DENY (a rule rejects it)
	Custom      []CustomPolicy // CUSTOM policies on the server's sidecar
	ServerFirst bool

	// DeniedPrincipal is the peer identity that DeniedBy refuse ("" for a
	// caller without one); DeniedAt is "waypoint" when the Service's
	// waypoint refuses it, "" for the server's proxy (authz_caller.go).
	DeniedPrincipal string
	DeniedAt        string
}
