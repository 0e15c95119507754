package meshlint.rules.ml406_test

import data.meshlint.rules.ml406

ap := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "blog-system", "name": "was-allow-web"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-service"}

test_an_unbound_target_fires_at_its_line if {
	fs := ml406.findings with input as {"unbound_policy_targets": [{"ref": ap, "line": 9, "action": "ALLOW", "service": svc, "why": ""}]}
	count(fs) == 1
	some f in fs
	f.object == ap
	f.line == 9
	contains(f.message, "neither it nor its namespace has istio.io/use-waypoint")
	f.related == [svc]
}

test_the_binding_reason_is_named if {
	some f in ml406.findings with input as {"unbound_policy_targets": [{"ref": ap, "line": 9, "action": "DENY", "service": svc, "why": "the Service opts out (istio.io/use-waypoint: none)"}]}
	contains(f.message, "opts out")
}

test_no_fact_no_finding if {
	count(ml406.findings) == 0 with input as {"unbound_policy_targets": []}
}
