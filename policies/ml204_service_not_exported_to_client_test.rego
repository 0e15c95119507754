package meshlint.rules.ml204_test

import data.meshlint.rules.ml204

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "api"}

fe := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "web", "name": "frontend"}

hop := {
	"source": {"ref": fe, "namespace": "web", "meshed": true},
	"via": {"ref": fe, "line": 20},
	"bypass": "", "port": 8080, "route": "passthrough", "target_visible": false,
	"target_export_to": {"namespaces": ["."], "service": svc, "line": 6},
}

findings_for(h) := fs if {
	fs := ml204.findings with input as {"hops": [h]}
}

test_hidden_service_fires_on_the_annotation if {
	some f in findings_for(hop)
	f.object == svc
	f.line == 6
	contains(f.message, "PassthroughCluster")
	contains(f.remediation, "Add web")
}

test_blackhole_names_502 if {
	some f in findings_for(object.union(hop, {"route": "blackhole"}))
	contains(f.message, "502")
}

test_visible_unmeshed_or_bypassed_do_not_fire if {
	count(findings_for(object.union(hop, {"target_visible": true}))) == 0
	count(findings_for(object.union(hop, {"source": {"ref": fe, "namespace": "web", "meshed": false}, "route": "direct"}))) == 0
	count(findings_for(object.union(hop, {"bypass": "excluded port", "route": "direct"}))) == 0
}
