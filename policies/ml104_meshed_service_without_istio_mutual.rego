# METADATA
# title: meshed-service-without-istio-mutual
# description: A meshed Service has no applicable ISTIO_MUTUAL DestinationRule; mTLS rests on auto mTLS alone.
# custom:
#   id: ML104
package meshlint.rules.ml104

import data.meshlint.lib

findings contains f if {
	some a in input.destinations
	all_meshed(a)
	a.tls_mode == ""
	a.destination_rule == null
	f := {
		"rule": "ML104",
		"severity": severity,
		"object": a.service,
		"line": a.service_line,
		"message": sprintf("No DestinationRule sets ISTIO_MUTUAL for %s port %d (clients in %s): %s", [a.fqdn, a.port, concat(", ", a.clients), effect]),
		"remediation": sprintf("Add a DestinationRule in %s with host %s and trafficPolicy.tls.mode ISTIO_MUTUAL (meshlint fix --generate-destination-rules writes it).", [a.service.namespace, a.fqdn]),
		"related": [],
	}
}

findings contains f if {
	some a in input.destinations
	all_meshed(a)
	a.tls_mode == ""
	a.destination_rule != null
	count(port_level_drops_tls(a)) == 0
	f := {
		"rule": "ML104",
		"severity": severity,
		"object": a.destination_rule,
		"line": a.tls_line,
		"message": sprintf("%s applies to %s port %d (clients in %s) without a tls setting and shadows any wider ISTIO_MUTUAL rule (DestinationRules do not inherit): %s", [lib.ref(a.destination_rule), a.fqdn, a.port, concat(", ", a.clients), effect]),
		"remediation": sprintf("Add trafficPolicy.tls.mode ISTIO_MUTUAL to %s (meshlint fix does it).", [lib.ref(a.destination_rule)]),
		"related": [a.service],
	}
}

# The rule has a top-level tls, but a portLevelSettings entry for this port
# has none: the entry replaces the top-level policy whole
# (pilot/pkg/networking/util/util.go GetPortLevelTrafficPolicy).
findings contains f if {
	some a in input.destinations
	all_meshed(a)
	a.tls_mode == ""
	a.destination_rule != null
	some top in port_level_drops_tls(a)
	f := {
		"rule": "ML104",
		"severity": severity,
		"object": a.destination_rule,
		"line": a.tls_line,
		"message": sprintf("%s applies to %s port %d (clients in %s): its portLevelSettings entry for port %d has no tls and replaces the top-level tls.mode %s whole (port-level settings do not inherit): %s", [lib.ref(a.destination_rule), a.fqdn, a.port, concat(", ", a.clients), a.port, top, effect]),
		"remediation": sprintf("Add tls.mode ISTIO_MUTUAL to the portLevelSettings entry for port %d in %s.", [a.port, lib.ref(a.destination_rule)]),
		"related": [a.service],
	}
}

# The DestinationRule's own top-level tls mode, carried on the destination
# (one item of one list, so the rules evaluate in shards): a port-level
# entry without tls replaces it whole.
port_level_drops_tls(a) := {a.destination_rule_tls_mode} if a.destination_rule_tls_mode != ""

port_level_drops_tls(a) := set() if a.destination_rule_tls_mode == ""

all_meshed(a) if {
	count(a.endpoints) > 0
	every e in a.endpoints {
		e.captured
	}
}

severity := "info" if input.settings.auto_mtls

severity := "error" if not input.settings.auto_mtls

effect := "mTLS rests on auto mTLS only." if input.settings.auto_mtls

effect := "with autoMtls off the clients send plaintext." if not input.settings.auto_mtls
