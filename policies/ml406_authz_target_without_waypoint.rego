# METADATA
# title: authz-target-without-waypoint
# description: An AuthorizationPolicy binds with targetRefs to a Service that no waypoint serves, so no proxy enforces it.
# custom:
#   id: ML406
package meshlint.rules.ml406

import data.meshlint.lib

findings contains f if {
	some t in input.unbound_policy_targets
	f := {
		"rule": "ML406",
		"object": t.ref,
		"line": t.line,
		"message": sprintf("%s binds with targetRefs to %s, which no waypoint serves (%s): sidecars and ztunnel ignore targetRefs policies and only a waypoint applies one on a Service, so this %s policy is enforced nowhere (istiod sets WaypointAccepted False, reason AncestorNotBound, on its status).", [lib.ref(t.ref), lib.ref(t.service), why(t), t.action]),
		"remediation": sprintf("Bind %s to a waypoint (label it, or its namespace, istio.io/use-waypoint: WAYPOINT, with a waypoint for service traffic), or bind the policy with a selector to the Service's pods if a sidecar or ztunnel should enforce it.", [lib.ref(t.service)]),
		"related": [t.service],
	}
}

why(t) := t.why if t.why != ""

why(t) := "neither it nor its namespace has istio.io/use-waypoint" if t.why == ""
