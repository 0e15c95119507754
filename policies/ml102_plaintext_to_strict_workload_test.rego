package meshlint.rules.ml102_test

import data.meshlint.rules.ml102

dr := {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "namespace": "shop", "name": "api"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "api"}

endpoint(name, captured, mode) := {
	"ref": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": name},
	"meshed": captured,
	"captured": captured,
	"container_port": 8080,
	"mode": mode,
	"mode_policy": null,
}

dest(tls_mode, protocol, endpoints) := {
	"service": svc,
	"service_line": 40,
	"fqdn": "api.shop.svc.cluster.local",
	"port": 8080,
	"protocol": protocol,
	"clients": ["shop", "*"],
	"destination_rule": dr,
	"tls_mode": tls_mode,
	"tls_line": 57,
	"endpoints": endpoints,
}

findings_for(d) := fs if {
	fs := ml102.findings with input as {"destinations": [d]}
}

test_disable_to_strict_is_an_error_on_the_tls_line if {
	fs := findings_for(dest("DISABLE", "HTTP", [endpoint("api", true, "STRICT")]))
	count(fs) == 1
	some f in fs
	f.rule == "ML102"
	f.severity == "error"
	f.object == dr
	f.line == 57
	contains(f.message, "503")
	contains(f.message, "reset")
	contains(f.message, "DestinationRule/shop/api")
	contains(f.message, "clients in shop, *")
	contains(f.remediation, "ISTIO_MUTUAL")
	svc in f.related
}

test_disable_to_permissive_is_a_warning if {
	some f in findings_for(dest("DISABLE", "HTTP", [endpoint("api", true, "PERMISSIVE")]))
	f.severity == "warning"
	contains(f.message, "leaves mTLS")
	contains(f.message, "no peer identity")
}

test_simple_to_strict_is_an_error if {
	some f in findings_for(dest("SIMPLE", "TCP", [endpoint("api", true, "STRICT")]))
	f.severity == "error"
	contains(f.message, "tls.mode SIMPLE")
	contains(f.message, "503")
}

test_simple_to_permissive_http_port_is_an_error if {
	some f in findings_for(dest("SIMPLE", "HTTP", [endpoint("api", true, "PERMISSIVE")]))
	f.severity == "error"
	contains(f.message, "ALPN")
	contains(f.message, "reset")
}

test_simple_to_permissive_grpc_port_is_an_error if {
	some f in findings_for(dest("SIMPLE", "GRPC", [endpoint("api", true, "PERMISSIVE")]))
	f.severity == "error"
}

test_simple_to_permissive_tcp_port_is_a_warning if {
	some f in findings_for(dest("SIMPLE", "TCP", [endpoint("api", true, "PERMISSIVE")]))
	f.severity == "warning"
	contains(f.message, "passes the client's TLS through")
}

test_simple_to_permissive_sniffed_port_is_a_warning if {
	some f in findings_for(dest("SIMPLE", "Sniffed", [endpoint("api", true, "PERMISSIVE")]))
	f.severity == "warning"
}

test_istio_mutual_does_not_fire if {
	count(findings_for(dest("ISTIO_MUTUAL", "HTTP", [endpoint("api", true, "STRICT")]))) == 0
}

test_no_tls_auto_mtls_does_not_fire if {
	count(findings_for(dest("", "HTTP", [endpoint("api", true, "STRICT")]))) == 0
}

test_mutual_is_not_this_rule if {
	count(findings_for(dest("MUTUAL", "HTTP", [endpoint("api", true, "STRICT")]))) == 0
}

test_disable_to_unmeshed_endpoint_does_not_fire if {
	count(findings_for(dest("DISABLE", "TCP", [endpoint("mysql", false, null)]))) == 0
}

test_disable_to_disable_mode_does_not_fire if {
	count(findings_for(dest("DISABLE", "HTTP", [endpoint("api", true, "DISABLE")]))) == 0
}

test_one_finding_per_endpoint_that_rejects_it if {
	fs := findings_for(dest("DISABLE", "HTTP", [
		endpoint("api-v1", true, "STRICT"),
		endpoint("api-v2", true, "PERMISSIVE"),
		endpoint("api-legacy", false, null),
	]))
	count(fs) == 2
	{f.severity | some f in fs} == {"error", "warning"}
}

test_no_destinations_no_findings if {
	count(ml102.findings) == 0 with input as {"destinations": []}
}
