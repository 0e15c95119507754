# METADATA
# title: istio-mutual-to-mtls-disabled-workload
# description: The applicable DestinationRule forces ISTIO_MUTUAL towards a meshed endpoint whose PeerAuthentication is DISABLE -> the server sidecar accepts only plaintext.
# custom:
#   id: ML107
package meshlint.rules.ml107

import data.meshlint.lib

# Istio: pilot/pkg/networking/core/filterchain_options.go
# getFilterChainMatchOptions: a DISABLE port gets only plaintext filter
# chains, so the client's Istio TLS handshake meets an HTTP codec (reset,
# 503) or is handed raw to the application. Auto mTLS avoids it
# (cluster_tls.go buildAutoMtlsSettings skips MTLSDisable services); an
# explicit ISTIO_MUTUAL does not.
findings contains f if {
	some a in input.destinations
	a.tls_mode == "ISTIO_MUTUAL"
	some e in a.endpoints
	e.captured
	e.mode == "DISABLE"
	f := {
		"rule": "ML107",
		"object": a.destination_rule,
		"line": a.tls_line,
		"message": sprintf("%s forces ISTIO_MUTUAL for %s port %d (clients in %s), but %s makes container port %d of %s DISABLE: its sidecar accepts only plaintext, so the client's mTLS is reset (503 / connection reset).", [lib.ref(a.destination_rule), lib.dest(a), a.port, lib.clients(a), policy_words(e), e.container_port, lib.ref(e.ref)]),
		"remediation": sprintf("Make the two sides agree: set mtls.mode PERMISSIVE or STRICT for %s (or drop the DISABLE), or set trafficPolicy.tls.mode DISABLE for port %d in %s.", [lib.ref(e.ref), a.port, lib.ref(a.destination_rule)]),
		"related": related(a, e),
	}
}

policy_words(e) := lib.ref(e.mode_policy) if e.mode_policy != null

policy_words(e) := "the mesh default" if e.mode_policy == null

related(a, e) := [a.service, e.ref, e.mode_policy] if e.mode_policy != null

related(a, e) := [a.service, e.ref] if e.mode_policy == null
