package meshlint.rules.ml503_test

import data.meshlint.rules.ml503

dr := {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule", "namespace": "shop", "name": "api"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "api"}

test_an_unapplied_rule_is_reported_on_its_host if {
	fs := ml503.findings with input as {"ambient_unapplied": [{"ref": dr, "line": 7, "service": svc}]}
	count(fs) == 1
	some f in fs
	f.object == dr
	f.line == 7
	f.related == [svc]
	contains(f.message, "no proxy applies it")
}

test_nothing_unapplied_no_finding if {
	count(ml503.findings) == 0 with input as {"ambient_unapplied": []}
}
