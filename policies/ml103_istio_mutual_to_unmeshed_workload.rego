# METADATA
# title: istio-mutual-to-unmeshed-workload
# description: The applicable DestinationRule forces ISTIO_MUTUAL towards endpoints without a sidecar -> TLS handshake failure.
# custom:
#   id: ML103
package meshlint.rules.ml103

import data.meshlint.lib

findings contains f if {
	some a in input.destinations
	a.tls_mode == "ISTIO_MUTUAL"
	some e in a.endpoints
	not e.captured
	# An endpoint in a namespace the inputs do not declare may well have a
	# sidecar: its labels are unknown, so nothing is claimed (--explain
	# names the namespace).
	e.meshed_known
	# ztunnel captures an ambient endpoint; whether a sidecar client's
	# ISTIO_MUTUAL reaches it rests on istiod's HBONE settings
	# (mesh-semantics §11): nothing is claimed.
	not lib.ambient(e)
	f := {
		"rule": "ML103",
		"object": a.destination_rule,
		"line": a.tls_line,
		"message": sprintf("%s forces ISTIO_MUTUAL for %s port %d (clients in %s), but %s has no sidecar to terminate it: the client's TLS handshake fails and every connection breaks (for mysql: the JDBC connection is reset).", [lib.ref(a.destination_rule), lib.dest(a), a.port, lib.clients(a), lib.ref(e.ref)]),
		"remediation": remediation(a),
		"related": [a.service, e.ref],
	}
}

remediation(a) := sprintf("Add a DestinationRule in %s with host %s and trafficPolicy.tls.mode DISABLE: the exact host wins over %s's wildcard.", [a.service.namespace, a.fqdn, lib.ref(a.destination_rule)]) if {
	a.destination_rule_wildcard
}

remediation(a) := sprintf("Set trafficPolicy.tls.mode DISABLE in %s (the endpoint is outside the mesh), or inject a sidecar into it.", [lib.ref(a.destination_rule)]) if {
	not a.destination_rule_wildcard
}
