# METADATA
# title: plaintext-to-strict-workload
# description: The applicable DestinationRule sends plaintext or non-Istio TLS to a STRICT (error) or PERMISSIVE (warning) meshed endpoint.
# custom:
#   id: ML102
package meshlint.rules.ml102

import data.meshlint.lib

findings contains f if {
	some a in input.destinations
	a.tls_mode in {"DISABLE", "SIMPLE"}
	some e in a.endpoints
	e.captured
	e.mode in {"STRICT", "PERMISSIVE"}
	f := {
		"rule": "ML102",
		"severity": severity[e.mode],
		"object": a.destination_rule,
		"line": a.tls_line,
		"message": sprintf("%s sets tls.mode %s for %s port %d (clients in %s), but %s has a sidecar in %s mode: %s", [lib.ref(a.destination_rule), a.tls_mode, a.fqdn, a.port, concat(", ", a.clients), lib.ref(e.ref), e.mode, effect[e.mode]]),
		"remediation": sprintf("Set tls.mode ISTIO_MUTUAL (or remove the tls block and rely on auto mTLS) in %s for port %d of %s.", [lib.ref(a.destination_rule), a.port, a.fqdn]),
		"related": [a.service, e.ref],
	}
}

severity := {"STRICT": "error", "PERMISSIVE": "warning"}

effect := {
	"STRICT": "the server sidecar accepts only Istio mTLS and resets the connection (503 / connection reset).",
	"PERMISSIVE": "the hop silently leaves mTLS: no peer identity, so identity-based AuthorizationPolicies and mTLS telemetry do not apply.",
}
