package mesh

// The identity of an mTLS caller against the policies of what enforces
// them. A client with a sidecar, or behind ztunnel, presents the SPIFFE
// ID of its pod's service account (spec.serviceAccountName, "default"
// when unset: pkg/spiffe/spiffe.go MustGenSpiffeURI, the trust domain of
// istiod.go). The server's sidecar (pilot/pkg/security/authz/builder) or
// ztunnel (authz_identity.go) matches it against the principals,
// namespaces and service accounts the server's policies name; a waypoint
// sees the original client's identity, which HBONE carries to it, and
// applies the targetRefs policies of the Service (authz_targets.go).

// ServiceAccount is the pod's service account; "" for a proxy the model
// builds without a pod (a gateway data plane the inputs lack).
func (w *Workload) ServiceAccount() string {
	if w.Obj == nil {
		return ""
	}
	return w.serviceAccount
}

// podServiceAccount is the service account of a pod spec: the default
// one when it names none.
func podServiceAccount(spec map[string]any) string {
	return orDefault(orDefault(strAt(spec, "serviceAccountName"), strAt(spec, "serviceAccount")), "default")
}

// callerPeer is the identity the hop's client presents; ok is false when
// the inputs lack the client's pod.
func (m *Model) callerPeer(h *Hop, envoy bool) (peer, bool) {
	w := h.Source.Workload
	if w == nil || w.ServiceAccount() == "" {
		return peer{}, false
	}
	p := peer{principal: m.principal(w.Namespace, w.ServiceAccount()), namespace: w.Namespace, port: h.ServerPort}
	if envoy {
		p.bundle = m.bundle()
	}
	return p, true
}

// callerAuthz judges an mTLS hop that reaches the server's proxy with the
// client's own identity.
func (m *Model) callerAuthz(h *Hop, out, why string) (string, string) {
	envoy := h.Server.Dataplane == DataplaneSidecar
	p, ok := m.callerPeer(h, envoy)
	if !ok {
		return out, why
	}
	aps, action := m.identityRefusal(m.policiesFor(h.Server, "DENY"), m.policiesFor(h.Server, "ALLOW"), p)
	if len(aps) == 0 {
		return out, why
	}
	h.DeniedBy, h.DenyAction, h.DeniedPrincipal = aps, action, p.principal
	m.noteTrustDomain(aps[0].Obj)
	end := "ztunnel closes the connection"
	if envoy {
		end = "the server's sidecar answers 403 RBAC: access denied"
	}
	return OutDenied, why + "; the caller's identity " + p.principal + " is refused by " + action + " policies " + refNames(aps) + ": " + end
}

// waypointCallerAuthz applies the targetRefs policies of the hop's Service
// at its waypoint, to the client's identity. denied is false when they
// admit it (or when the inputs lack the client).
func (m *Model) waypointCallerAuthz(h *Hop) (out, why string, denied bool) {
	p, ok := m.callerPeer(h, true)
	if !ok {
		return "", "", false
	}
	wp, s := h.Waypoint, h.Dest()
	if workloadAddressed(h) {
		s = nil
	}
	aps, action := m.identityRefusal(m.waypointPolicies(wp, s, "DENY"), m.waypointPolicies(wp, s, "ALLOW"), p)
	if len(aps) == 0 {
		return "", "", false
	}
	h.DeniedBy, h.DenyAction, h.DeniedPrincipal, h.DeniedAt = aps, action, p.principal, "waypoint"
	m.noteTrustDomain(aps[0].Obj)
	return OutDenied, "waypoint " + wp.Ref.String() + " sees the caller's identity " + p.principal + ", which " + action + " policies " +
		refNames(aps) + " refuse: 403 RBAC: access denied (the connection is closed on a TCP port)", true
}

// identityRefusal is IdentityDenial over given policies, for an identity
// the policies are meant to judge: a DENY policy refuses p when one of its
// rules certainly matches (an Envoy enforcer matches a rule with HTTP
// attributes only on some requests: not certain); ALLOW policies refuse p
// when none of their rules can match it and one of them names identities
// (an ALLOW policy without rules refuses everyone, by design, and is not
// an identity mismatch).
func (m *Model) identityRefusal(denies, allows []*AuthzPolicy, p peer) ([]*AuthzPolicy, string) {
	var out []*AuthzPolicy
	for _, ap := range denies {
		for _, r := range ap.Rules {
			if (p.bundle == nil || len(r.HTTP) == 0) && ruleMatches(r.raw, ap.Namespace, p) == matchYes {
				out = append(out, ap)
				break
			}
		}
	}
	if len(out) > 0 {
		return out, "DENY"
	}
	named := false
	for _, ap := range allows {
		for _, r := range ap.Rules {
			if p.bundle == nil && len(r.HTTP) > 0 {
				continue // ztunnel: never matches (authz_ztunnel.go)
			}
			if ruleMatches(r.raw, ap.Namespace, p) != matchNo {
				return nil, ""
			}
		}
		named = named || ap.needsIdentity(p.port)
	}
	if !named {
		return nil, ""
	}
	return allows, "ALLOW"
}
