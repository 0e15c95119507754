# METADATA
# title: plaintext-to-strict-workload
# description: The applicable DestinationRule sends plaintext or non-Istio TLS to a STRICT (error) or PERMISSIVE (warning; error for SIMPLE on an HTTP port) meshed endpoint.
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
	k := kind(a, e)
	f := {
		"rule": "ML102",
		"severity": severity[k],
		"object": a.destination_rule,
		"line": a.tls_line,
		"message": sprintf("%s sets tls.mode %s for %s port %d (clients in %s), but %s has a sidecar in %s mode: %s", [lib.ref(a.destination_rule), a.tls_mode, lib.dest(a), a.port, lib.clients(a), lib.ref(e.ref), e.mode, effect[k]]),
		"remediation": sprintf("Set tls.mode ISTIO_MUTUAL (or remove the tls block and rely on auto mTLS) in %s for port %d of %s.", [lib.ref(a.destination_rule), a.port, a.fqdn]),
		"related": [a.service, e.ref],
	}
}

# kind classifies what the server sidecar does with the client's traffic.
# Istio: pilot/pkg/networking/core/filterchain_options.go. STRICT chains
# only terminate Istio mTLS (a client certificate is required): plaintext
# and SIMPLE TLS are reset. PERMISSIVE keeps a plaintext chain; for TLS
# without Istio's ALPN (SIMPLE, cluster_tls.go constructUpstreamTLS) only
# TCP and sniffed ports have a pass-through chain, an HTTP port has none
# ("We do not need to handle other simple TLS", inboundPermissiveHTTP...).
kind(a, e) := "strict" if e.mode == "STRICT"

kind(a, e) := "permissive_plaintext" if {
	e.mode == "PERMISSIVE"
	a.tls_mode == "DISABLE"
}

kind(a, e) := "permissive_tls_http" if {
	e.mode == "PERMISSIVE"
	a.tls_mode == "SIMPLE"
	a.protocol in http_protocols
}

kind(a, e) := "permissive_tls_tcp" if {
	e.mode == "PERMISSIVE"
	a.tls_mode == "SIMPLE"
	not a.protocol in http_protocols
}

http_protocols := {"HTTP", "HTTP2", "GRPC", "GRPC-Web", "HTTP_PROXY"}

severity := {
	"strict": "error",
	"permissive_plaintext": "warning",
	"permissive_tls_http": "error",
	"permissive_tls_tcp": "warning",
}

effect := {
	"strict": "the server sidecar accepts only Istio mTLS and resets the connection (503 / connection reset).",
	"permissive_plaintext": "the hop silently leaves mTLS: no peer identity, so identity-based AuthorizationPolicies and mTLS telemetry do not apply.",
	"permissive_tls_http": "on an HTTP port the server sidecar has no filter chain for TLS without Istio's ALPN, so it resets the connection (503 / connection reset).",
	"permissive_tls_tcp": "the server sidecar passes the client's TLS through to the application unterminated: it works only if the application itself speaks TLS on that port, and the hop leaves mTLS (no peer identity).",
}
