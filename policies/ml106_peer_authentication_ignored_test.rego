package meshlint.rules.ml106_test

import data.meshlint.rules.ml106

settings := {"root_namespace": "istio-system"}

winner := {"kind": "PeerAuthentication", "namespace": "shop", "name": "default"}

second := {
	"ref": {"kind": "PeerAuthentication", "namespace": "shop", "name": "strict-mtls"},
	"line": 59,
	"scope": "namespace",
	"mode": "STRICT",
	"has_selector": false,
	"ignored": true,
	"ignored_reason": "a namespace-wide PeerAuthentication already exists (PeerAuthentication/shop/default); Istio uses the oldest and ignores this one",
	"winner": winner,
	"selected_workloads": 0,
	"port_level": [],
}

root_selector := {
	"ref": {"kind": "PeerAuthentication", "namespace": "istio-system", "name": "web-strict"},
	"line": 12,
	"scope": "ignored",
	"mode": "STRICT",
	"has_selector": true,
	"ignored": true,
	"ignored_reason": "it has a selector in the root namespace istio-system, where Istio ignores workload policies",
	"winner": null,
	"selected_workloads": 0,
	"port_level": [],
}

kept := object.union(second, {"ignored": false, "ignored_reason": "", "winner": null, "ref": winner})

test_second_namespace_wide_policy_fires_with_the_winner_related if {
	fs := ml106.findings with input as {"settings": settings, "peer_authentications": [kept, second]}
	count(fs) == 1
	some f in fs
	f.rule == "ML106"
	f.object.name == "strict-mtls"
	f.line == 59
	f.related == [winner]
	contains(f.message, "Istio ignores")
	contains(f.message, "mode STRICT has no effect")
	contains(f.remediation, "Merge it into PeerAuthentication/shop/default")
}

test_root_namespace_selector_policy_fires if {
	some f in ml106.findings with input as {"settings": settings, "peer_authentications": [root_selector]}
	f.object.namespace == "istio-system"
	f.related == []
	contains(f.message, "root namespace")
	contains(f.remediation, "root namespace istio-system")
}

test_ignored_policy_without_mode if {
	p := object.union(root_selector, {"mode": ""})
	some f in ml106.findings with input as {"settings": settings, "peer_authentications": [p]}
	contains(f.message, "None of its settings")
}

test_kept_policies_do_not_fire if {
	workload := object.union(kept, {"scope": "workload", "has_selector": true, "ref": {"kind": "PeerAuthentication", "namespace": "shop", "name": "web"}})
	count(ml106.findings) == 0 with input as {"settings": settings, "peer_authentications": [kept, workload]}
}
