# METADATA
# title: host-header-misroute
# description: The effective Host header is a domain of a different HTTP Service on the same port -> silently routed there.
# custom:
#   id: ML202
package meshlint.rules.ml202

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.kind in {"nginx", "ingress"}
	h.route == "misrouted"
	f := {
		"rule": "ML202",
		"object": h.via.ref,
		"line": line(h),
		"message": sprintf("%s proxies to %s port %d with %s, which is a name of %s on the same port: the sidecar routes every request to %s instead, silently.", [lib.ref(h.source.ref), lib.ref(h.target), h.port, lib.host_words(h.host), lib.ref(h.routed_to), lib.ref(h.routed_to)]),
		"remediation": sprintf("Send a Host header of the intended Service: `proxy_set_header Host %s;` in the location that proxies (or upstream-vhost: %s on an Ingress).", [h.suggested_host, h.target_fqdn]),
		"related": [h.target, h.routed_to],
	}
}

line(h) := h.host.line if h.host.line > 0

line(h) := h.via.line if h.host.line == 0
