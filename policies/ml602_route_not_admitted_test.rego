package meshlint.rules.ml602_test

import data.meshlint.rules.ml602

route(parent) := {"ref": {"kind": "HTTPRoute", "namespace": "web", "name": "site"}, "kind": "HTTPRoute", "parents": [parent]}

parent(attached, known, reason) := {
	"gateway": {"kind": "Gateway", "namespace": "infra", "name": "edge"},
	"line": 8, "attached": attached, "known": known, "reason": reason,
	"why": "listener http of Gateway/infra/edge takes routes from its own namespace only",
}

test_not_allowed_fires_on_the_parent_ref if {
	some f in ml602.findings with input as {"gateway_routes": [route(parent(false, true, "NotAllowedByListeners"))]}
	f.rule == "ML602"
	f.severity == "warning"
	f.line == 8
	contains(f.message, "404")
	contains(f.message, "NotAllowedByListeners")
	contains(f.remediation, "from: All")
}

test_hostname_mismatch_names_the_fix if {
	some f in ml602.findings with input as {"gateway_routes": [route(parent(false, true, "NoMatchingListenerHostname"))]}
	contains(f.remediation, "hostname")
}

test_attached_does_not_fire if {
	count(ml602.findings) == 0 with input as {"gateway_routes": [route(parent(true, true, ""))]}
}

test_unknown_does_not_fire if {
	count(ml602.findings) == 0 with input as {"gateway_routes": [route(parent(false, false, "NotAllowedByListeners"))]}
}

test_a_gateway_not_in_the_inputs_does_not_fire if {
	p := object.union(parent(false, false, ""), {"gateway": null})
	count(ml602.findings) == 0 with input as {"gateway_routes": [route(p)]}
}

test_a_waypoint_parent_does_not_fire if {
	p := object.union(parent(false, true, "Waypoint"), {"gateway": null})
	count(ml602.findings) == 0 with input as {"gateway_routes": [route(p)]}
}
