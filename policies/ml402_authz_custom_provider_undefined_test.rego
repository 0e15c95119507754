package meshlint.rules.ml402_test

import data.meshlint.rules.ml402

ap := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "shop", "name": "ext"}

api := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "api"}

hop(defined) := {"server": {"ref": api}, "custom_authz": [{"ref": ap, "provider": "opa", "provider_defined": defined, "line": 9}]}

findings_for(h) := fs if {
	fs := ml402.findings with input as {"hops": [h]}
}

test_missing_provider_is_an_error_at_the_provider_line if {
	some f in findings_for(hop("no"))
	f.object == ap
	f.line == 9
	f.severity == "error"
	contains(f.message, "403")
	contains(f.message, "\"opa\"")
}

test_unchecked_provider_is_info if {
	some f in findings_for(hop("unknown"))
	f.severity == "info"
	contains(f.message, "no mesh config")
}

test_defined_provider_does_not_fire if {
	count(findings_for(hop("yes"))) == 0
}

test_hops_without_custom_policies_do_not_fire if {
	count(findings_for({"server": {"ref": api}})) == 0
}

test_one_finding_for_many_hops if {
	count(ml402.findings) == 1 with input as {"hops": [hop("no"), hop("no")]}
}
