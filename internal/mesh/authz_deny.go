package mesh

// DENY, CUSTOM and AUDIT policies as a request without a peer identity
// meets them. Istio evaluates CUSTOM, then DENY, then ALLOW
// (pilot/pkg/security/authz/builder/builder.go); AUDIT only marks requests
// for logging and never changes the verdict.

// notIdentityKeys are the negated identity matchers: Istio builds them as
// NOT(authenticated matcher) (pilot/pkg/security/authz/model/model.go
// generatePrincipal, principalNot), and the authenticated matcher is false
// on a plaintext connection, so they match it (Istio's
// tests/integration/security/authz_test.go TestAuthz_DenyPlaintext:
// a DENY rule with notPrincipals: ["*"] rejects plaintext).
var notIdentityKeys = map[string]bool{"notPrincipals": true, "notNamespaces": true, "notServiceAccounts": true}

// notIdentityConditions are `when` keys whose notValues match plaintext.
var notIdentityConditions = map[string]bool{"source.principal": true, "source.namespace": true}

// deniesPlaintext reports whether a rule certainly matches a request
// without a peer identity because of a negated identity matcher: some
// source holds only negated identity fields (the fields of a source are
// ANDed, the sources ORed), `to` names at most ports (checked per hop),
// and `when` holds only negated identity conditions.
func deniesPlaintext(r map[string]any) bool {
	byWhen := false
	for _, c := range listAt(r, "when") {
		cm := asMap(c)
		if !notIdentityConditions[strAt(cm, "key")] || len(listAt(cm, "values")) > 0 || len(listAt(cm, "notValues")) == 0 {
			return false
		}
		byWhen = true
	}
	for _, t := range listAt(r, "to") {
		for k := range mapAt(asMap(t), "operation") {
			if k != "ports" {
				return false
			}
		}
	}
	from := listAt(r, "from")
	if len(from) == 0 {
		return byWhen
	}
	for _, f := range from {
		if onlyNegatedIdentity(mapAt(asMap(f), "source")) {
			return true
		}
	}
	return false
}

func onlyNegatedIdentity(src map[string]any) bool {
	if len(src) == 0 {
		return false
	}
	for k, v := range src {
		l, _ := v.([]any)
		if !notIdentityKeys[k] || len(l) == 0 {
			return false
		}
	}
	return true
}

// policiesFor lists the policies of an action that apply to a workload's
// sidecar. Istio: pilot/pkg/model/authorization.go ListAuthorizationPolicies
// (root namespace = mesh-wide, own namespace, selector matching the
// workload; targetRef policies apply to waypoints and gateways).
func (m *Model) policiesFor(w *Workload, action string) []*AuthzPolicy {
	var out []*AuthzPolicy
	add := func(ns string) {
		for _, ap := range m.apByNS[ns] {
			if ap.Action != action || ap.TargetRef || ap.DryRun {
				continue
			}
			if ap.Selector == nil || selectsAll(ap.Selector, w.Labels) {
				out = append(out, ap)
			}
		}
	}
	add(m.Settings.RootNamespace)
	if w.Namespace != m.Settings.RootNamespace {
		add(w.Namespace)
	}
	return out
}

// PlaintextDeny reports the DENY policies with a rule that certainly
// matches a request without a peer identity on container port of w.
func (m *Model) PlaintextDeny(w *Workload, port int) []*AuthzPolicy {
	var out []*AuthzPolicy
	for _, ap := range m.policiesFor(w, "DENY") {
		for _, r := range ap.Rules {
			if r.DeniesPlaintext && (len(r.Ports) == 0 || containsInt(r.Ports, port)) {
				out = append(out, ap)
				break
			}
		}
	}
	return out
}

// DenyPolicyReason says in words why DENY policies reject the request.
func DenyPolicyReason(aps []*AuthzPolicy) string {
	return "DENY policies " + refNames(aps) + " match callers without a peer identity (notPrincipals / notNamespaces)"
}
