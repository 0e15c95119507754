package meshlint.rules.ml105_test

import data.meshlint.rules.ml105

pa(port_level) := {
	"ref": {"kind": "PeerAuthentication", "namespace": "shop", "name": "web"},
	"line": 40,
	"scope": "workload",
	"mode": "STRICT",
	"has_selector": true,
	"ignored": false,
	"ignored_reason": "",
	"winner": null,
	"selected_workloads": 1,
	"port_level": port_level,
}

service_port_key := {"port": 80, "mode": "STRICT", "line": 47, "bound": false}

container_port_key := {"port": 8080, "mode": "PERMISSIVE", "line": 45, "bound": true}

test_unbound_key_fires_on_its_line if {
	fs := ml105.findings with input as {"peer_authentications": [pa([container_port_key, service_port_key])]}
	count(fs) == 1
	some f in fs
	f.rule == "ML105"
	f.object.name == "web"
	f.line == 47
}

test_message_says_container_port_and_the_mode_kept if {
	some f in ml105.findings with input as {"peer_authentications": [pa([service_port_key])]}
	contains(f.message, "container port 80")
	contains(f.message, "not the Service port")
	contains(f.message, "49098")
	contains(f.message, "mode STRICT")
	contains(f.remediation, "targetPort")
}

test_message_with_unset_mode_names_the_inherited_mode if {
	p := object.union(pa([service_port_key]), {"mode": ""})
	some f in ml105.findings with input as {"peer_authentications": [p]}
	contains(f.message, "the namespace or mesh mode")
}

test_bound_key_does_not_fire if {
	count(ml105.findings) == 0 with input as {"peer_authentications": [pa([container_port_key])]}
}

test_ignored_policy_does_not_fire if {
	p := object.union(pa([service_port_key]), {"ignored": true, "scope": "ignored"})
	count(ml105.findings) == 0 with input as {"peer_authentications": [p]}
}

test_selector_matching_nothing_does_not_fire if {
	p := object.union(pa([service_port_key]), {"selected_workloads": 0})
	count(ml105.findings) == 0 with input as {"peer_authentications": [p]}
}

test_policy_without_port_level_does_not_fire if {
	count(ml105.findings) == 0 with input as {"peer_authentications": [pa([])]}
}

# A declared container port behind no Service (metrics scraped by pod IP):
# Istio applies the entry on a per-port passthrough filter chain.
test_declared_container_port_without_service_does_not_fire if {
	metrics := {"port": 9090, "mode": "PERMISSIVE", "line": 47, "bound": false, "container_port_declared": true}
	count(ml105.findings) == 0 with input as {"peer_authentications": [pa([metrics])]}
}
