package meshlint.rules.ml103_test

import data.meshlint.rules.ml103

root_dr := {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "namespace": "istio-system", "name": "default"}

mysql_dr := {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "namespace": "blog-system", "name": "mysql"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "mysql"}

mysql := {"apiVersion": "apps/v1", "kind": "StatefulSet", "namespace": "blog-system", "name": "mysql"}

endpoint(meshed, captured) := {
	"ref": mysql,
	"meshed": meshed,
	"meshed_known": true,
	"captured": captured,
	"container_port": 3306,
	"mode": null,
	"mode_policy": null,
}

dest(rule, tls_mode, endpoints) := {
	"service": svc,
	"destination_rule_wildcard": rule == root_dr,
	"service_line": 60,
	"fqdn": "mysql.blog-system.svc.cluster.local",
	"port": 3306,
	"protocol": "TCP",
	"clients": ["blog-system"],
	"destination_rule": rule,
	"tls_mode": tls_mode,
	"tls_line": 88,
	"endpoints": endpoints,
}

findings_for(d) := fs if {
	fs := ml103.findings with input as {"destinations": [d]}
}

test_istio_mutual_to_unmeshed_fires_on_the_tls_line if {
	fs := findings_for(dest(mysql_dr, "ISTIO_MUTUAL", [endpoint(false, false)]))
	count(fs) == 1
	some f in fs
	f.rule == "ML103"
	f.object == mysql_dr
	f.line == 88
	contains(f.message, "ISTIO_MUTUAL")
	contains(f.message, "handshake fails")
	contains(f.message, "StatefulSet/blog-system/mysql")
	contains(f.message, "no sidecar")
	mysql in f.related
}

test_severity_comes_from_the_catalogue if {
	some f in findings_for(dest(mysql_dr, "ISTIO_MUTUAL", [endpoint(false, false)]))
	not "severity" in object.keys(f)
}

test_exact_rule_remediation_sets_disable_on_it if {
	some f in findings_for(dest(mysql_dr, "ISTIO_MUTUAL", [endpoint(false, false)]))
	contains(f.remediation, "tls.mode DISABLE in DestinationRule/blog-system/mysql")
}

test_wildcard_rule_remediation_adds_an_exact_disable_rule if {
	some f in findings_for(dest(root_dr, "ISTIO_MUTUAL", [endpoint(false, false)]))
	f.object == root_dr
	contains(f.remediation, "DestinationRule in blog-system with host mysql.blog-system.svc.cluster.local")
	contains(f.remediation, "DISABLE")
	contains(f.remediation, "exact host wins")
}

test_meshed_pod_that_does_not_capture_the_port_fires if {
	count(findings_for(dest(mysql_dr, "ISTIO_MUTUAL", [endpoint(true, false)]))) == 1
}

test_istio_mutual_to_meshed_endpoint_does_not_fire if {
	count(findings_for(dest(mysql_dr, "ISTIO_MUTUAL", [endpoint(true, true)]))) == 0
}

test_disable_to_unmeshed_does_not_fire if {
	count(findings_for(dest(mysql_dr, "DISABLE", [endpoint(false, false)]))) == 0
}

test_auto_mtls_to_unmeshed_does_not_fire if {
	# No tls: auto mTLS sends plaintext to endpoints without a sidecar.
	count(findings_for(dest(null, "", [endpoint(false, false)]))) == 0
}

test_mixed_endpoints_fire_for_the_unmeshed_one if {
	meshed := object.union(endpoint(true, true), {"ref": object.union(mysql, {"name": "mysql-meshed"})})
	fs := findings_for(dest(root_dr, "ISTIO_MUTUAL", [meshed, endpoint(false, false)]))
	count(fs) == 1
	some f in fs
	contains(f.message, "StatefulSet/blog-system/mysql ")
}

test_an_endpoint_of_unknown_mesh_status_does_not_fire if {
	e := object.union(endpoint(false, false), {"meshed_known": false})
	count(findings_for(dest(mysql_dr, "ISTIO_MUTUAL", [e]))) == 0
}

test_a_selector_rule_names_the_workloads_it_selects if {
	d := object.union(dest(mysql_dr, "ISTIO_MUTUAL", [endpoint(false, false)]), {"client_selector": {"app": "was"}})
	some f in findings_for(d)
	contains(f.message, "clients in blog-system, only workloads with app=was")
}

test_a_subset_is_named if {
	d := object.union(dest(mysql_dr, "ISTIO_MUTUAL", [endpoint(false, false)]), {"subset": "primary"})
	some f in findings_for(d)
	contains(f.message, "mysql.blog-system.svc.cluster.local subset primary port 3306")
}
