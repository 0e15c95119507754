package mesh

import "fmt"

// expand turns a hop template into one hop per endpoint workload of the
// target Service (one hop without a server when the inputs lack them) and
// evaluates each.
func (m *Model) expand(t Hop) {
	m.resolveAlias(&t)
	if t.Source.Meshed {
		t.Sidecar = m.SidecarFor(t.Source.Workload)
	}
	ambient := t.Source.Dataplane() == DataplaneAmbient
	if ambient && !workloadAddressed(&t) {
		t.Waypoint = t.Dest().Waypoint.Waypoint
	}
	m.route(&t)
	if len(t.Dest().Workloads) == 0 {
		h := t
		m.evaluate(&h)
		m.Hops = append(m.Hops, &h)
		return
	}
	for _, w := range t.Dest().Workloads {
		h := t
		h.Server = w
		h.ServerPort, _ = h.Port.ContainerPort(w)
		if ambient && workloadAddressed(&h) {
			h.Waypoint = m.workloadWaypoint(w).Waypoint // waypoint_workload.go
		}
		m.evaluate(&h)
		m.Hops = append(m.Hops, &h)
	}
}

// evaluate computes client TLS, the server's mode and the outcome.
func (m *Model) evaluate(h *Hop) {
	m.clientTLS(h)
	if h.Server != nil {
		h.Captured = h.Server.capturesInbound(h.ServerPort)
		if h.Captured {
			h.ServerMode = m.PeerAuthMode(h.Server, h.ServerPort)
		}
		h.ServerFirst = m.serverFirst(h.Server, h.Port.Port, h.ServerPort)
	}
	h.Outcome, h.Why = m.outcome(h)
}

// clientTLS decides what the client sends.
// Istio: pilot/pkg/networking/core/cluster_tls.go: a DestinationRule tls
// mode is used for every endpoint; without one, auto mTLS sends mTLS to
// endpoints with a sidecar whose policy is not DISABLE, plaintext to the
// rest.
func (m *Model) clientTLS(h *Hop) {
	switch h.Route {
	case RouteDirect, RoutePassthrough, RouteBlackhole:
		h.ClientTLS = "none"
		return
	case RouteMisrouted, RouteVS, RouteSE, RouteUnknown:
		h.ClientTLS = "unknown"
		return
	}
	d := h.Dest()
	var labels map[string]string
	if h.Source.Workload != nil {
		labels = h.Source.Workload.Labels
	}
	h.DestRule = m.DestRuleForClient(h.Source.Namespace, labels, d.Namespace, m.FQDN(d.Namespace, d.Name))
	if h.DestRule != nil {
		if tls := h.DestRule.TLSFor(h.Port.Port); tls != nil {
			h.ClientTLS = tls.Mode
			return
		}
	}
	h.ClientTLS = "auto"
	if !m.Settings.AutoMTLS {
		h.ClientTLS = "none"
	}
}

// sendsMTLS tells whether the client originates Istio mTLS to the server.
func (m *Model) sendsMTLS(h *Hop) bool {
	switch h.ClientTLS {
	case "ISTIO_MUTUAL":
		return true
	case "auto":
		return h.Captured && h.ServerMode.Mode != "DISABLE"
	}
	return false
}

func (m *Model) outcome(h *Hop) (string, string) {
	switch h.Route {
	case RouteBlackhole:
		return OutRejected, "no virtual host matches the Host header and outboundTrafficPolicy is REGISTRY_ONLY: BlackHoleCluster answers 502"
	case RouteMisrouted:
		return OutMisrouted, fmt.Sprintf("the Host header is a domain of %s on port %d: the sidecar routes the request there", h.RoutedTo.Ref, h.Port.Port)
	case RouteVS, RouteSE:
		return OutUnknown, "the Host header matches " + h.RoutedVia.String() + ", whose routes decide where it goes"
	case RouteUnknown:
		return OutUnknown, "the Host header " + h.Host.Value + " is only known at run time"
	}
	if h.Server == nil {
		return m.outcomeNoServer(h)
	}
	out, why := m.transport(h)
	if out == OutRejected || out == OutUnknown {
		return out, why
	}
	if hang, why := m.hangs(h); hang {
		return OutHangs, why
	}
	if h.Captured && h.Server.Meshed {
		h.Custom = m.customPolicies(h.Server)
	}
	if out != OutMTLS && h.Captured {
		return m.plaintextAuthz(h, out, why)
	}
	if h.Waypoint != nil && out == OutMTLS {
		if out, why, denied := m.waypointCallerAuthz(h); denied {
			return out, why
		}
		return m.waypointAuthz(h, out, why)
	}
	if out == OutMTLS && h.Captured {
		return m.callerAuthz(h, out, why)
	}
	return out, why
}

// plaintextAuthz applies authorization to a request without a peer
// identity: DENY before ALLOW (Istio: security/authz/builder/builder.go).
func (m *Model) plaintextAuthz(h *Hop, out, why string) (string, string) {
	if aps := m.PlaintextDeny(h.Server, h.ServerPort); aps != nil {
		h.DeniedBy, h.DenyAction = aps, "DENY"
		return OutDenied, "the request arrives without a peer identity and " + DenyPolicyReason(aps) + ": 403 RBAC: access denied"
	}
	if aps := m.PlaintextDenial(h.Server, h.ServerPort); aps != nil {
		h.DeniedBy, h.DenyAction = aps, "ALLOW"
		return OutDenied, "the request arrives without a peer identity and " + DenyReason(aps) + ": 403 RBAC: access denied"
	}
	return out, why
}

func (m *Model) outcomeNoServer(h *Hop) (string, string) {
	if h.Route == RoutePassthrough {
		return OutPassthrough, "the Host header matches no virtual host: PassthroughCluster"
	}
	return OutUnknown, "the inputs hold no workload behind " + h.Dest().Ref.String()
}

// transport matches what the client sends against what the server accepts.
func (m *Model) transport(h *Hop) (string, string) {
	plain := OutPlaintext
	if h.Route == RoutePassthrough {
		plain = OutPassthrough
	}
	if out, why, ok := m.ambientTransport(h); ok {
		return out, why
	}
	mtls := m.sendsMTLS(h)
	proxy := h.Server.Dataplane.Proxy()
	switch {
	case mtls && !h.Captured:
		return OutRejected, "the client sends Istio mTLS (" + h.ClientTLS + ") to an endpoint without a sidecar: TLS handshake failure"
	case mtls && h.ServerMode.Mode == "DISABLE":
		return OutRejected, "the client sends Istio mTLS to a port whose PeerAuthentication is DISABLE"
	case mtls:
		return OutMTLS, "mTLS (" + h.ClientTLS + ") to a sidecar in " + h.ServerMode.Mode + " mode"
	case h.Captured && h.ServerMode.Mode == "STRICT":
		return OutRejected, clientWords(h) + ", to a port whose PeerAuthentication is STRICT: the connection is reset (502 at an ingress, 503 in the mesh)"
	case h.Captured:
		return plain, clientWords(h) + " accepted by a " + proxy + " in " + h.ServerMode.Mode + " mode"
	}
	return plain, clientWords(h) + " to an endpoint without a sidecar"
}

func clientWords(h *Hop) string {
	switch {
	case h.Route == RoutePassthrough:
		return "plaintext through PassthroughCluster"
	case h.Route == RouteDirect && h.Bypass != "":
		return "plaintext (" + h.Bypass + ")"
	case h.Route == RouteDirect && h.Source.Dataplane() == DataplaneAmbient:
		return "plaintext from the client's ztunnel"
	case h.Route == RouteDirect:
		return "plaintext from a client without a sidecar"
	case h.ClientTLS == "SIMPLE" || h.ClientTLS == "MUTUAL":
		return "non-Istio TLS (DestinationRule " + h.ClientTLS + ")"
	case h.ClientTLS == "DISABLE":
		return "plaintext (DestinationRule DISABLE)"
	}
	return "plaintext"
}
