# METADATA
# title: authz-identity-over-plaintext
# description: ALLOW AuthorizationPolicies admit only identities while a known caller arrives in plaintext -> 403.
# custom:
#   id: ML401
package meshlint.rules.ml401

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.outcome == "denied"
	not lib.through_waypoint(h) # ML404's
	object.get(h, "denied_principal", "") == "" # a refused identity is ML405's
	some ap in h.denied_by
	f := {
		"rule": "ML401",
		"severity": severity(h),
		"object": ap,
		"line": 0,
		"message": message(h, ap),
		"remediation": remediation(h, ap),
		"related": [h.server.ref, h.source.ref],
	}
}

# denied_by_action says which kind of policy rejects the caller: ALLOW
# policies none of whose rules admits it, or a DENY policy whose negated
# identity matcher (notPrincipals / notNamespaces) matches it. Facts from
# before DENY was modelled have no such key: they are ALLOW.
action(h) := object.get(h, "denied_by_action", "ALLOW")

message(h, ap) := sprintf("%s admits only callers with a peer identity (source.principals / namespaces), but %s reaches %s port %d without one (%s): no ALLOW rule matches and %s.", [lib.ref(ap), lib.ref(h.source.ref), lib.ref(h.server.ref), h.server.container_port, plaintext(h), denial(h)]) if action(h) != "DENY"

message(h, ap) := sprintf("%s denies callers whose identity is not listed (notPrincipals / notNamespaces), and %s reaches %s port %d with no peer identity at all (%s), which such a rule always matches: %s.", [lib.ref(ap), lib.ref(h.source.ref), lib.ref(h.server.ref), h.server.container_port, plaintext(h), denial(h)]) if action(h) == "DENY"

remediation(h, ap) := sprintf("Either make the hop mTLS (put %s in the mesh, or fix the Host header / bypass that drops it), or add an ALLOW rule for this caller that needs no identity (e.g. to: [{operation: {ports: [\"%d\"]}}], or source.ipBlocks of the ingress).", [lib.ref(h.source.ref), h.server.container_port]) if action(h) != "DENY"

remediation(h, ap) := sprintf("Either make the hop mTLS (put %s in the mesh, or fix the Host header / bypass that drops it), or keep this caller out of the DENY rule of %s (e.g. add notIpBlocks with the caller's addresses to the rule's source, or limit the rule with to.operation.notPorts: [\"%d\"]).", [lib.ref(h.source.ref), lib.ref(ap), h.server.container_port]) if action(h) == "DENY"

# A caller whose mesh status the inputs do not tell (an ingress controller
# they lack) is reported at info level: the rule does not guess.
severity(h) := "error" if h.source.meshed_known

severity(h) := "info" if not h.source.meshed_known

plaintext(h) := "its controller or workload has no sidecar" if {
	h.route == "direct"
	not h.source.meshed
	h.source.meshed_known
}

plaintext(h) := sprintf("if it has no sidecar, which the inputs do not tell: %s", [h.source.why]) if {
	h.route == "direct"
	not h.source.meshed
	not h.source.meshed_known
}

plaintext(h) := sprintf("its sidecar is bypassed: %s", [h.bypass]) if {
	h.route == "direct"
	h.source.meshed
}

plaintext(h) := "the hop leaves through PassthroughCluster" if h.route == "passthrough"

plaintext(h) := sprintf("client TLS %s", [h.client_tls]) if not h.route in {"direct", "passthrough"}

# ztunnel enforces L4 authorization on connections: a denied one is
# closed, not answered (mesh-semantics §11).
denial(h) := "ztunnel closes the connection (502 at an ingress, a reset in the mesh)" if lib.ambient(h.server)

denial(h) := "the request gets 403 RBAC: access denied" if not lib.ambient(h.server)
