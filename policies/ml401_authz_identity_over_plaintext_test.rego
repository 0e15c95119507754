package meshlint.rules.ml401_test

import data.meshlint.rules.ml401

web := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "web"}

was := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "was"}

controller := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "ingress-nginx", "name": "ingress-nginx-controller"}

ap_web := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "blog-system", "name": "web-allow-ingress"}

ap_ns := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "blog-system", "name": "allow-namespace"}

ap_was := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "blog-system", "name": "was-allow-web"}

hop(src, meshed, server, port, route, tls, bypass, outcome, denied) := {
	"kind": "ingress",
	"source": {"ref": src, "meshed": meshed, "meshed_known": true},
	"route": route,
	"client_tls": tls,
	"bypass": bypass,
	"outcome": outcome,
	"server": {"ref": server, "meshed": true, "captured": true, "container_port": port, "mode": "PERMISSIVE"},
	"denied_by": denied,
}

unmeshed_ingress(outcome, denied) := hop(controller, false, web, 80, "direct", "none", "", outcome, denied)

test_unmeshed_ingress_denied_fires_on_the_policy if {
	fs := ml401.findings with input as {"hops": [unmeshed_ingress("denied", [ap_web])]}
	count(fs) == 1
	some f in fs
	f.rule == "ML401"
	f.object == ap_web
	f.line == 0
	f.severity == "error"
	contains(f.message, "403")
	contains(f.message, "Deployment/ingress-nginx/ingress-nginx-controller")
	contains(f.message, "port 80")
	contains(f.message, "no sidecar")
	contains(f.remediation, "ports: [\"80\"]")
	web in f.related
	controller in f.related
}

test_passthrough_names_passthrough_cluster if {
	h := hop(web, true, was, 8080, "passthrough", "none", "", "denied", [ap_was])
	some f in ml401.findings with input as {"hops": [h]}
	f.object == ap_was
	contains(f.message, "PassthroughCluster")
	contains(f.message, "403")
}

test_bypassed_sidecar_says_so if {
	h := hop(web, true, was, 8080, "direct", "none", "port or address excluded from the client's outbound capture", "denied", [ap_was])
	some f in ml401.findings with input as {"hops": [h]}
	contains(f.message, "sidecar is bypassed")
	not contains(f.message, "has no sidecar")
}

test_plaintext_by_destination_rule_names_the_tls_mode if {
	h := hop(web, true, was, 8080, "service", "DISABLE", "", "denied", [ap_was])
	some f in ml401.findings with input as {"hops": [h]}
	contains(f.message, "DISABLE")
}

test_every_denying_policy_is_reported if {
	fs := ml401.findings with input as {"hops": [unmeshed_ingress("denied", [ap_web, ap_ns])]}
	{f.object | some f in fs} == {ap_web, ap_ns}
}

test_rejected_by_strict_does_not_fire if {
	count(ml401.findings) == 0 with input as {"hops": [unmeshed_ingress("rejected", [])]}
}

test_plaintext_allowed_does_not_fire if {
	count(ml401.findings) == 0 with input as {"hops": [unmeshed_ingress("plaintext", [])]}
}

test_mtls_does_not_fire if {
	h := hop(web, true, was, 8080, "service", "auto", "", "mtls", [])
	count(ml401.findings) == 0 with input as {"hops": [h]}
}

test_hangs_does_not_fire if {
	count(ml401.findings) == 0 with input as {"hops": [unmeshed_ingress("hangs", [])]}
}

test_a_caller_of_unknown_mesh_status_is_reported_at_info if {
	h := {
		"outcome": "denied", "route": "direct", "bypass": "", "client_tls": "none",
		"denied_by": [{"kind": "AuthorizationPolicy", "namespace": "app", "name": "only-web"}],
		"source": {"ref": {"kind": "IngressController", "namespace": "", "name": "nginx"}, "meshed": false, "meshed_known": false, "why": "no controller in the inputs"},
		"server": {"ref": {"kind": "Deployment", "namespace": "app", "name": "api"}, "container_port": 8080},
	}
	some f in ml401.findings with input as {"hops": [h]}
	f.severity == "info"
	contains(f.message, "inputs do not tell")
}

test_a_deny_policy_by_not_principals_is_named_as_such if {
	ap_deny := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "blog-system", "name": "deny-plaintext"}
	h := object.union(unmeshed_ingress("denied", [ap_deny]), {"denied_by_action": "DENY"})
	some f in ml401.findings with input as {"hops": [h]}
	f.object == ap_deny
	contains(f.message, "notPrincipals")
	contains(f.message, "no peer identity at all")
	contains(f.message, "403")
	contains(f.remediation, "notIpBlocks")
}

test_an_allow_denial_keeps_its_words if {
	h := object.union(unmeshed_ingress("denied", [ap_web]), {"denied_by_action": "ALLOW"})
	some f in ml401.findings with input as {"hops": [h]}
	contains(f.message, "no ALLOW rule matches")
}
