package meshlint.rules.ml502_test

import data.meshlint.rules.ml502

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-service"}

se := {"apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry", "namespace": "blog-system", "name": "legacy-auth"}

vs_ref := {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "namespace": "blog-system", "name": "was-service"}

dest(host, fqdn, line, ns, checkable, matches) := {
	"host": host,
	"fqdn": fqdn,
	"line": line,
	"port": 8080,
	"host_namespace": ns,
	"host_checkable": checkable,
	"matches": matches,
}

vs(dests) := {"virtual_services": [{"ref": vs_ref, "line": 40, "mesh_bound": true, "destinations": dests}]}

stable := dest("was-service", "was-service.blog-system.svc.cluster.local", 52, "blog-system", true, [svc])

canary := dest("was-service-canary", "was-service-canary.blog-system.svc.cluster.local", 57, "blog-system", true, [])

test_unknown_destination_fires_on_its_line if {
	fs := ml502.findings with input as vs([stable, canary])
	count(fs) == 1
	some f in fs
	f.rule == "ML502"
	f.object == vs_ref
	f.line == 57
	not "severity" in object.keys(f) # catalogue default (warning)
	contains(f.message, "\"was-service-canary\"")
	contains(f.message, "namespace blog-system")
	contains(f.message, "503")
}

test_each_unknown_destination_is_reported if {
	other := dest("was-service.blog-system", "was-service.blog-system", 62, "blog-system", true, [])
	fs := ml502.findings with input as vs([canary, other])
	{f.line | some f in fs} == {57, 62}
}

test_known_destinations_do_not_fire if {
	count(ml502.findings) == 0 with input as vs([stable])
}

test_service_entry_destination_does_not_fire if {
	d := dest("legacy-auth.blog-system.svc.cluster.local", "legacy-auth.blog-system.svc.cluster.local", 52, "blog-system", true, [se])
	count(ml502.findings) == 0 with input as vs([d])
}

test_namespace_not_in_inputs_does_not_fire if {
	d := dest("payments.billing.svc.cluster.local", "payments.billing.svc.cluster.local", 52, "billing", false, [])
	count(ml502.findings) == 0 with input as vs([d])
}

test_external_destination_does_not_fire if {
	d := dest("api.stripe.com", "api.stripe.com", 52, "", false, [])
	count(ml502.findings) == 0 with input as vs([d])
}

test_virtual_service_without_destinations_does_not_fire if {
	count(ml502.findings) == 0 with input as vs([])
}
