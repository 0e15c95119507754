package meshlint.rules.ml501_test

import data.meshlint.rules.ml501

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-service"}

se := {"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "namespace": "blog-system", "name": "legacy-auth"}

dr(name, host, fqdn, ns, checkable, matches) := {
	"ref": {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "namespace": "blog-system", "name": name},
	"line": 40,
	"host": host,
	"fqdn": fqdn,
	"host_line": 47,
	"wildcard": startswith(fqdn, "*"),
	"host_namespace": ns,
	"host_checkable": checkable,
	"matches": matches,
	"tls_mode": "ISTIO_MUTUAL",
	"has_selector": false,
}

test_unknown_host_fires_on_the_host_line if {
	d := dr("was", "was-svc", "was-svc.blog-system.svc.cluster.local", "blog-system", true, [])
	fs := ml501.findings with input as {"destination_rules": [d]}
	count(fs) == 1
	some f in fs
	f.rule == "ML501"
	f.object == d.ref
	f.line == 47
	not "severity" in object.keys(f) # catalogue default (warning)
	contains(f.message, "\"was-svc\"")
	contains(f.message, "was-svc.blog-system.svc.cluster.local")
	contains(f.message, "namespace blog-system")
	contains(f.message, "applies to nothing")
	contains(f.remediation, "svc.ns.svc.cluster.local")
}

test_dotted_host_checkable_fires if {
	d := dr("was-service", "was-service.blog-system", "was-service.blog-system", "blog-system", true, [])
	some f in ml501.findings with input as {"destination_rules": [d]}
	contains(f.message, "\"was-service.blog-system\"")
}

test_host_matching_a_service_does_not_fire if {
	d := dr("was-service", "was-service", "was-service.blog-system.svc.cluster.local", "blog-system", true, [svc])
	count(ml501.findings) == 0 with input as {"destination_rules": [d]}
}

test_host_matching_a_service_entry_does_not_fire if {
	d := dr("legacy-auth", "legacy-auth", "legacy-auth.blog-system.svc.cluster.local", "blog-system", true, [se])
	count(ml501.findings) == 0 with input as {"destination_rules": [d]}
}

test_wildcard_matching_a_service_does_not_fire if {
	d := dr("all", "*.blog-system.svc.cluster.local", "*.blog-system.svc.cluster.local", "blog-system", true, [svc])
	count(ml501.findings) == 0 with input as {"destination_rules": [d]}
}

test_namespace_not_in_inputs_does_not_fire if {
	d := dr("payments", "payments.billing.svc.cluster.local", "payments.billing.svc.cluster.local", "billing", false, [])
	count(ml501.findings) == 0 with input as {"destination_rules": [d]}
}

test_external_host_does_not_fire if {
	d := dr("stripe", "api.stripe.com", "api.stripe.com", "", false, [])
	count(ml501.findings) == 0 with input as {"destination_rules": [d]}
}
