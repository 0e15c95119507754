package meshlint.rules.ml205_test

import data.meshlint.rules.ml205

sc := {"apiVersion": "networking.istio.io/v1", "kind": "Sidecar", "namespace": "web", "name": "default"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "api"}

fe := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "web", "name": "frontend"}

hop := {
	"source": {"ref": fe, "namespace": "web", "meshed": true},
	"via": {"ref": fe, "line": 20}, "target": svc, "target_fqdn": "api.shop.svc.cluster.local",
	"bypass": "", "port": 8080, "route": "passthrough", "target_visible": true,
	"sidecar": {"ref": sc, "egress_line": 9, "outbound": "", "imports_target": false},
}

findings_for(h) := fs if {
	fs := ml205.findings with input as {"hops": [h]}
}

test_unimported_service_fires_on_the_egress_hosts if {
	some f in findings_for(hop)
	f.object == sc
	f.line == 9
	contains(f.message, "PassthroughCluster")
	contains(f.remediation, "shop/api.shop.svc.cluster.local")
}

test_blackhole_names_502 if {
	some f in findings_for(object.union(hop, {"route": "blackhole"}))
	contains(f.message, "502")
}

test_imported_or_hidden_by_export_do_not_fire if {
	count(findings_for(object.union(hop, {"sidecar": {"ref": sc, "egress_line": 9, "outbound": "", "imports_target": true}}))) == 0
	count(findings_for(object.union(hop, {"target_visible": false}))) == 0
	count(findings_for(object.union(hop, {"sidecar": null}))) == 0
	count(findings_for(object.union(hop, {"bypass": "excluded", "route": "direct"}))) == 0
}
