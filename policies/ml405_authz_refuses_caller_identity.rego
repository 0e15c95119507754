# METADATA
# title: authz-refuses-caller-identity
# description: An mTLS caller presents the identity of its pod's service account, which the AuthorizationPolicies enforced on its path do not admit -> 403 or connection closed.
# custom:
#   id: ML405
package meshlint.rules.ml405

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.outcome == "denied"
	object.get(h, "denied_principal", "") != ""
	not waypoint_refused(h) # ML404's
	some ap in h.denied_by
	f := {
		"rule": "ML405",
		"object": ap,
		"message": sprintf("%s calls %s over mTLS with the identity %s (its pod's service account), and %s, enforced by %s, %s: %s.", [lib.ref(h.source.ref), lib.ref(h.target), h.denied_principal, lib.ref(ap), enforcer(h), refusal(h), result(h)]),
		"remediation": remediation(h, ap),
		"related": related(h),
	}
}

# waypoint_refused: the server's ztunnel refuses the waypoint's own identity.
waypoint_refused(h) if {
	lib.through_waypoint(h)
	h.denied_at != "waypoint"
}

enforcer(h) := sprintf("waypoint %s", [lib.ref(h.waypoint.ref)]) if h.denied_at == "waypoint"

enforcer(h) := sprintf("the %s of %s", [lib.proxy(h.server), lib.ref(h.server.ref)]) if h.denied_at != "waypoint"

refusal(h) := "admits no rule that this identity matches" if h.denied_by_action == "ALLOW"

refusal(h) := "has a DENY rule that matches it" if h.denied_by_action == "DENY"

result(h) := "ztunnel closes the connection (502 at an ingress, a reset in the mesh)" if {
	h.denied_at != "waypoint"
	lib.ambient(h.server)
}

result(h) := "the request gets 403 RBAC: access denied" if {
	not h.denied_at != "waypoint"
}

result(h) := "the request gets 403 RBAC: access denied" if {
	h.denied_at != "waypoint"
	not lib.ambient(h.server)
}

remediation(h, ap) := sprintf("Name the identity the caller runs as in %s (principals: [\"%s\"]), or run %s with the service account the policy names (spec.template.spec.serviceAccountName).", [lib.ref(ap), h.denied_principal, lib.ref(h.source.ref)]) if h.denied_by_action == "ALLOW"

remediation(h, ap) := sprintf("Narrow the DENY rule of %s so that it does not match %s, if this caller is meant to reach %s.", [lib.ref(ap), h.denied_principal, lib.ref(h.target)]) if h.denied_by_action == "DENY"

related(h) := [h.waypoint.ref, h.source.ref] if h.denied_at == "waypoint"

related(h) := [h.server.ref, h.source.ref] if h.denied_at != "waypoint"
