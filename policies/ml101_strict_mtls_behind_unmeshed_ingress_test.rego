package meshlint.rules.ml101_test

import data.meshlint.rules.ml101

hop(source, route, mode) := {
	"kind": "ingress",
	"source": source,
	"via": {"ref": {"kind": "Ingress", "namespace": "app", "name": "web"}, "line": 3},
	"target_fqdn": "web.app.svc.cluster.local",
	"route": route,
	"bypass": "",
	"outcome": "rejected",
	"server": {
		"ref": {"kind": "Deployment", "namespace": "app", "name": "web"},
		"container_port": 80,
		"mode": mode,
		"mode_policy": {"kind": "PeerAuthentication", "namespace": "app", "name": "default"},
		"mode_line": 9,
	},
}

unmeshed := {"meshed": false, "meshed_known": true, "why": "no injection label"}

unknown := {"meshed": false, "meshed_known": false, "why": "no controller in the inputs"}

meshed := {"meshed": true, "meshed_known": true, "why": "injected"}

test_unmeshed_controller_to_strict_is_an_error if {
	some f in ml101.findings with input as {"hops": [hop(unmeshed, "direct", "STRICT")]}
	f.severity == "error"
	f.object.kind == "PeerAuthentication"
	f.line == 9
	contains(f.message, "502")
}

test_unknown_controller_is_info if {
	some f in ml101.findings with input as {"hops": [hop(unknown, "direct", "STRICT")]}
	f.severity == "info"
}

test_meshed_controller_through_passthrough_fires if {
	count(ml101.findings) == 1 with input as {"hops": [hop(meshed, "passthrough", "STRICT")]}
}

test_permissive_does_not_fire if {
	count(ml101.findings) == 0 with input as {"hops": [hop(unmeshed, "direct", "PERMISSIVE")]}
}

test_meshed_controller_in_mesh_does_not_fire if {
	count(ml101.findings) == 0 with input as {"hops": [hop(meshed, "service", "STRICT")]}
}
