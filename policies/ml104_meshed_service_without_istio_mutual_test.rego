package meshlint.rules.ml104_test

import data.meshlint.rules.ml104

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "api"}

dr := {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "namespace": "shop", "name": "api"}

endpoint(name, captured) := {
	"ref": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": name},
	"meshed": captured,
	"captured": captured,
	"container_port": 8080,
	"mode": "STRICT",
	"mode_policy": null,
}

dest(rule, tls_mode, tls_line, endpoints) := {
	"service": svc,
	"service_line": 40,
	"fqdn": "api.shop.svc.cluster.local",
	"port": 8080,
	"protocol": "HTTP",
	"clients": ["frontend"],
	"destination_rule": rule,
	"tls_mode": tls_mode,
	"tls_line": tls_line,
	"endpoints": endpoints,
}

dr_fact(top_tls) := {"ref": dr, "host": "api", "fqdn": "api.shop.svc.cluster.local", "wildcard": false, "tls_mode": top_tls}

run(d, top_tls, auto) := fs if {
	fs := ml104.findings with input as {
		"settings": {"auto_mtls": auto, "root_namespace": "istio-system"},
		"destinations": [object.union(d, {"destination_rule_tls_mode": top_tls})],
		"destination_rules": [dr_fact(top_tls)],
	}
}

test_no_rule_is_info_on_the_service_with_auto_mtls if {
	fs := run(dest(null, "", 0, [endpoint("api", true)]), "", true)
	count(fs) == 1
	some f in fs
	f.rule == "ML104"
	f.severity == "info"
	f.object == svc
	f.line == 40
	contains(f.message, "auto mTLS")
	contains(f.message, "clients in frontend")
	contains(f.remediation, "ISTIO_MUTUAL")
	contains(f.remediation, "host api.shop.svc.cluster.local")
}

test_no_rule_is_an_error_without_auto_mtls if {
	some f in run(dest(null, "", 0, [endpoint("api", true)]), "", false)
	f.severity == "error"
	contains(f.message, "plaintext")
}

test_rule_without_tls_is_reported_on_the_shadowing_rule if {
	fs := run(dest(dr, "", 12, [endpoint("api", true)]), "", true)
	count(fs) == 1
	some f in fs
	f.object == dr
	f.line == 12
	f.severity == "info"
	contains(f.message, "shadows")
	contains(f.message, "do not inherit")
	svc in f.related
}

test_shadowing_rule_is_an_error_without_auto_mtls if {
	some f in run(dest(dr, "", 12, [endpoint("api", true)]), "", false)
	f.severity == "error"
}

test_port_level_entry_without_tls_names_the_port_entry if {
	fs := run(dest(dr, "", 12, [endpoint("api", true)]), "ISTIO_MUTUAL", true)
	count(fs) == 1
	some f in fs
	f.object == dr
	contains(f.message, "portLevelSettings entry for port 8080")
	contains(f.message, "top-level tls.mode ISTIO_MUTUAL")
	contains(f.remediation, "portLevelSettings entry for port 8080")
}

test_istio_mutual_does_not_fire if {
	count(run(dest(dr, "ISTIO_MUTUAL", 15, [endpoint("api", true)]), "ISTIO_MUTUAL", true)) == 0
}

test_explicit_disable_is_not_this_rule if {
	count(run(dest(dr, "DISABLE", 15, [endpoint("api", true)]), "DISABLE", true)) == 0
}

test_unmeshed_service_does_not_fire if {
	count(run(dest(null, "", 0, [endpoint("mysql", false)]), "", false)) == 0
}

test_partly_meshed_service_does_not_fire if {
	count(run(dest(null, "", 0, [endpoint("api", true), endpoint("api-legacy", false)]), "", true)) == 0
}

test_service_without_endpoints_does_not_fire if {
	count(run(dest(null, "", 0, []), "", true)) == 0
}
