# METADATA
# title: route-not-admitted
# description: A route's parent Gateway admits it on no listener (namespace, kind, hostname or sectionName) -> the route is not attached, its requests get 404.
# custom:
#   id: ML602
package meshlint.rules.ml602

import data.meshlint.lib

findings contains f if {
	some r in input.gateway_routes
	some p in r.parents
	p.gateway != null
	p.known
	not p.attached
	p.reason in {"NoMatchingParent", "NotAllowedByListeners", "NoMatchingListenerHostname"}
	f := {
		"rule": "ML602",
		"severity": "warning",
		"object": r.ref,
		"line": p.line,
		"message": sprintf("%s names %s as its parent, which does not take it: %s (Accepted=False, %s). The route is not attached to that Gateway, which answers its requests with 404.", [lib.ref(r.ref), lib.ref(p.gateway), p.why, p.reason]),
		"remediation": remediation(r, p),
		"related": [p.gateway],
	}
}

remediation(r, p) := sprintf("Let the listener take the route: on %s set `allowedRoutes: {namespaces: {from: All}}` (or `from: Selector` with a label of namespace %s), and list %s in allowedRoutes.kinds if it lists kinds; or move the route into the Gateway's namespace.", [lib.ref(p.gateway), r.ref.namespace, r.kind]) if p.reason == "NotAllowedByListeners"

remediation(r, p) := sprintf("Give %s a hostname that a listener of %s serves, or widen that listener's hostname (e.g. *.example.com).", [lib.ref(r.ref), lib.ref(p.gateway)]) if p.reason == "NoMatchingListenerHostname"

remediation(r, p) := sprintf("Make the parentRef's sectionName and port name a listener of %s.", [lib.ref(p.gateway)]) if p.reason == "NoMatchingParent"
