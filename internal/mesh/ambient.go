package mesh

import (
	"slices"
	"strconv"
)

// Ambient membership, as the Istio CNI node agent decides it
// (istio.io/istio cni/pkg/util/enablement_selector.go Matches, with the
// istio-cni chart's default ambient.enablementSelectors,
// manifests/charts/istio-cni/values.yaml): a pod is captured by the
// node's ztunnel when it is not host-network, has no sidecar, and either
// carries istio.io/dataplane-mode=ambient itself or lives in a namespace
// labelled so while its own label is not "none". istiod then marks the
// workload HBONE-capable from the CNI's ambient.istio.io/redirection
// annotation (pilot/pkg/serviceregistry/ambient/workloads.go
// setTunnelProtocol).

const (
	labelDataplaneMode = "istio.io/dataplane-mode"
	modeAmbient        = "ambient"
	modeNone           = "none"
	// annBypassInbound: on a captured pod, only outbound traffic is
	// captured (cni/pkg/nodeagent/net.go, a boolean annotation).
	annBypassInbound = "ambient.istio.io/bypass-inbound-capture"
)

// ambient decides for a workload without a sidecar (d) whether ztunnel
// captures it. The labels of a namespace the inputs lack are unknown: the
// decision is known only when no namespace label the selectors read
// would change it (or the config takes the namespace as labelled for
// sidecar injection).
func (m *Model) ambient(w *Workload, d meshDecision) meshDecision {
	if w.HostNetwork {
		return d
	}
	if m.enablement == nil {
		e := m.loadEnablement()
		m.enablement = &e
	}
	ns := m.namespace(w.Namespace)
	if !ns.Declared && !m.assumedInjected(w.Namespace) && !m.nsIndifferent(w) {
		d.Known = false
	}
	if !m.enablement.matches(w.Labels, withNameLabel(ns.Labels, w.Namespace)) {
		return d
	}
	why := "the node's ztunnel captures it (" + m.enablement.source + " select it"
	if v, ok := w.Labels[labelDataplaneMode]; ok {
		why += ": pod label " + labelDataplaneMode + "=" + v
	}
	if v, ok := ns.Labels[labelDataplaneMode]; ok {
		why += ", namespace " + w.Namespace + " " + labelDataplaneMode + "=" + v
	}
	return meshDecision{DataplaneAmbient, why + ")", true}
}

// nsIndifferent reports whether the namespace labels the selectors read
// leave the pod's capture the same.
func (m *Model) nsIndifferent(w *Workload) bool {
	base := m.enablement.matches(w.Labels, withNameLabel(nil, w.Namespace))
	for _, s := range m.enablement.selectors {
		if m.enablement.matches(w.Labels, withNameLabel(s.nsLabels, w.Namespace)) != base {
			return false
		}
	}
	return true
}

// InMesh reports whether a proxy of the mesh (sidecar or ztunnel)
// carries the workload's traffic.
func (w *Workload) InMesh() bool { return w.Dataplane != DataplaneNone }

// capturesInbound reports whether the workload's proxy intercepts
// inbound traffic to container port p.
func (w *Workload) capturesInbound(p int) bool {
	switch w.Dataplane {
	case DataplaneSidecar:
		return w.Inbound.Captures(p)
	case DataplaneAmbient:
		bypass, _ := strconv.ParseBool(w.Annotations[annBypassInbound])
		return !bypass
	}
	return false
}

// Dataplane is how the hop's client takes part in the mesh: a sidecar
// when Meshed, ztunnel when its workload is ambient-captured.
func (s Source) Dataplane() Dataplane {
	switch {
	case s.Meshed:
		return DataplaneSidecar
	case s.Workload != nil && s.Workload.Dataplane == DataplaneAmbient:
		return DataplaneAmbient
	}
	return DataplaneNone
}

// ambientTransport decides the hops with an ambient end. Between two
// captured ambient workloads the client's ztunnel tunnels the connection
// over HBONE (mTLS) to the server's, whatever DestinationRules say (only
// a waypoint applies them). Between an ambient end and a sidecar end,
// what is sent depends on the sidecar's HBONE support and istiod's
// tunnel protocol flags (workloads.go setTunnelProtocol), which the
// manifests do not tell: the outcome is unknown. ok is false for the
// hops the sidecar model decides (an ambient client sends plaintext to a
// workload outside the mesh, as a client without a proxy does).
func (m *Model) ambientTransport(h *Hop) (out, why string, ok bool) {
	src, srv := h.Source.Dataplane(), h.Server.Dataplane
	switch {
	case src == DataplaneAmbient && srv == DataplaneAmbient && h.Captured && !m.hopWaypoint(h).Known:
		return OutUnknown, "whether the call goes through a waypoint (and reaches the server with the waypoint's identity) is unknown: " + m.hopWaypoint(h).Why, true
	case src == DataplaneAmbient && srv == DataplaneAmbient && h.Captured && h.Waypoint != nil:
		return OutMTLS, "HBONE mTLS through waypoint " + h.Waypoint.Ref.String() + ", which reaches the server's ztunnel with its own identity", true
	case src == DataplaneAmbient && srv == DataplaneAmbient && h.Captured:
		return OutMTLS, "HBONE mTLS from the client's ztunnel to the server's", true
	case src == DataplaneAmbient && srv == DataplaneAmbient:
		return OutUnknown, "the client's ztunnel tunnels to a pod that bypasses inbound capture (" + annBypassInbound + ")", true
	case src == DataplaneAmbient && srv == DataplaneSidecar:
		return m.mixedTransport(h, h.Server)
	case src == DataplaneSidecar && srv == DataplaneAmbient:
		return m.mixedTransport(h, h.Source.Workload)
	}
	return "", "", false
}

func (m *Model) assumedInjected(ns string) bool {
	return slices.Contains(m.Settings.AssumeInjected, ns)
}

// waypointAuthz judges the last leg of a hop through a waypoint: the
// server's ztunnel authorizes the waypoint's identity, not the client's
// (the waypoint opens its own HBONE connection to the server).
func (m *Model) waypointAuthz(h *Hop, out, why string) (string, string) {
	wp := h.Waypoint
	p := peer{principal: wp.Principal(), namespace: wp.Namespace, port: h.ServerPort}
	aps, action := m.IdentityDenial(h.Server, p)
	if len(aps) == 0 {
		return out, why
	}
	if action == "ALLOW" && m.autoAllowWaypoint(wp) {
		return out, why + " (istiod's PILOT_AUTO_ALLOW_WAYPOINT_POLICY admits the waypoint's identity)"
	}
	h.DeniedBy, h.DenyAction, h.DeniedPrincipal = aps, action, p.principal
	m.noteTrustDomain(aps[0].Obj)
	return OutDenied, "through waypoint " + wp.Ref.String() + " the server's ztunnel sees the identity " + p.principal +
		", which " + action + " policies " + refNames(aps) + " refuse: the connection is closed"
}

// autoAllowWaypoint is PILOT_AUTO_ALLOW_WAYPOINT_POLICY: istiod gives the
// ztunnel of every workload behind a waypoint a synthetic ALLOW policy for
// the waypoint's identity (pilot/pkg/serviceregistry/ambient/policies.go
// implicitWaypointPolicy, workloads.go implicitWaypointPolicies), so ALLOW
// policies no longer refuse it; DENY policies still do. Off by default
// (pilot/pkg/features/ambient.go); when the inputs do not hold istiod's
// environment, the default is taken and --explain says so.
func (m *Model) autoAllowWaypoint(wp *Waypoint) bool {
	in := m.istiod()
	on, known := in.flag("PILOT_AUTO_ALLOW_WAYPOINT_POLICY", false, true)
	if !known {
		m.noteOnce(wp.Obj, "istiod's environment is not in the inputs: PILOT_AUTO_ALLOW_WAYPOINT_POLICY is taken as off, its default "+
			"(with it on, ALLOW policies would not refuse waypoint "+wp.Ref.String()+"); set istio.env in .meshlint.yaml or add the istiod Deployment")
	}
	return on
}
