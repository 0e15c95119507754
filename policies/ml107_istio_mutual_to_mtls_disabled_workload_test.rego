package meshlint.rules.ml107_test

import data.meshlint.rules.ml107

dr := {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "namespace": "shop", "name": "api"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "api"}

api := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "api"}

pa := {"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "namespace": "shop", "name": "api-off"}

endpoint(captured, mode) := {"ref": api, "meshed": true, "captured": captured, "container_port": 8080, "mode": mode, "mode_policy": pa}

dest(tls_mode, endpoints) := {
	"service": svc, "destination_rule_wildcard": false, "service_line": 30,
	"fqdn": "api.shop.svc.cluster.local", "port": 80, "protocol": "HTTP", "clients": ["shop"],
	"destination_rule": dr, "tls_mode": tls_mode, "tls_line": 50, "endpoints": endpoints,
}

findings_for(d) := fs if {
	fs := ml107.findings with input as {"destinations": [d]}
}

test_istio_mutual_to_disable_fires_on_the_tls_line if {
	fs := findings_for(dest("ISTIO_MUTUAL", [endpoint(true, "DISABLE")]))
	count(fs) == 1
	some f in fs
	f.rule == "ML107"
	f.object == dr
	f.line == 50
	contains(f.message, "PeerAuthentication/shop/api-off")
	contains(f.message, "only plaintext")
	pa in f.related
}

test_the_mesh_default_has_no_policy_ref if {
	e := object.union(endpoint(true, "DISABLE"), {"mode_policy": null})
	some f in findings_for(dest("ISTIO_MUTUAL", [e]))
	contains(f.message, "the mesh default")
	count(f.related) == 2
}

test_other_modes_and_tls_do_not_fire if {
	count(findings_for(dest("ISTIO_MUTUAL", [endpoint(true, "STRICT")]))) == 0
	count(findings_for(dest("ISTIO_MUTUAL", [endpoint(true, "PERMISSIVE")]))) == 0
	count(findings_for(dest("DISABLE", [endpoint(true, "DISABLE")]))) == 0
	count(findings_for(dest("", [endpoint(true, "DISABLE")]))) == 0
}

test_uncaptured_endpoint_is_ml103_not_this_rule if {
	count(findings_for(dest("ISTIO_MUTUAL", [endpoint(false, null)]))) == 0
}
