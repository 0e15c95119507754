package mesh

// Workload-addressed traffic and its waypoint. ztunnel sends a connection
// to a Service's VIP through the Service's waypoint; a connection to a pod
// address (the endpoints of a headless Service, a StatefulSet pod's DNS
// name, a proxy dialling endpoints) goes through the pod's own waypoint
// (istio/ztunnel src/proxy/outbound.rs build_request:
// fetch_service_waypoint only when service-addressed,
// fetch_workload_waypoint only when not). istiod binds a pod to a
// waypoint by its own istio.io/use-waypoint label, else its namespace's,
// and only to a waypoint for workload or all traffic
// (pilot/pkg/serviceregistry/ambient/waypoints.go
// fetchWaypointForWorkload, fetchWaypointForTarget). Sidecars and
// gateways never send to a workload waypoint (pilot/pkg/xds/endpoints/
// endpoint_builder.go: "sidecar/ingress do not support sending traffic
// directly to workloads").

import "strings"

const waypointForWorkload = "workload"

// workloadAddressed reports whether ztunnel sees the hop's destination as
// a pod address.
func workloadAddressed(h *Hop) bool { return h.PodIPs || h.Dest().Headless }

// hopWaypoint is the waypoint binding that decides an ambient client's
// hop: the server pod's when workload-addressed, else the Service's.
func (m *Model) hopWaypoint(h *Hop) WaypointUse {
	if workloadAddressed(h) {
		if h.Server == nil {
			return WaypointUse{Known: true}
		}
		return m.workloadWaypoint(h.Server)
	}
	return h.Dest().Waypoint
}

// workloadWaypoint is fetchWaypointForWorkload.
func (m *Model) workloadWaypoint(w *Workload) WaypointUse {
	ref, own, ns, end := m.waypointLabel(w.Labels, w.Namespace, "the pod")
	if end != nil {
		return *end
	}
	wp := m.waypoints[*ref]
	switch {
	case wp == nil && own:
		return WaypointUse{Known: false, Why: "waypoint " + ref.ns + "/" + ref.name + " is not in the inputs"}
	case wp == nil:
		return WaypointUse{Known: false, Why: "waypoint " + ref.ns + "/" + ref.name + " of namespace " + w.Namespace + " is not in the inputs"}
	case !wp.allowsFrom(ns, w.Namespace):
		return WaypointUse{Known: true, Why: "waypoint " + wp.Ref.String() + " does not admit namespace " + w.Namespace}
	case wp.TrafficType != waypointForWorkload && wp.TrafficType != waypointForAll:
		return WaypointUse{Known: true, Why: "waypoint " + wp.Ref.String() + " is for " + wp.TrafficType + " traffic, not the pod's"}
	}
	wp.TrustDomain = m.istiod().trustDomain
	return WaypointUse{Waypoint: wp, Known: true, Why: "traffic to the pod's address goes through waypoint " + wp.Ref.String()}
}

// lookupAppHost is LookupName, and also a pod's own DNS name under a
// headless Service, hostname.service.namespace.svc.domain (a StatefulSet
// pod's: Kubernetes DNS specification, "Records for a Service with
// ClusterIP = None"; the pod's hostname and subdomain): the hop is to
// that Service's pods, addressed directly.
func (m *Model) lookupAppHost(host, ns string) *Service {
	if s := m.LookupName(host, ns); s != nil {
		return s
	}
	if _, rest, ok := strings.Cut(host, "."); ok {
		if s := m.LookupName(rest, ns); s != nil && s.Headless {
			return s
		}
	}
	return nil
}
