# METADATA
# title: host-header-misroute
# description: The effective Host header is a domain of a different HTTP Service on the same port -> silently routed there.
# custom:
#   id: ML202
package meshlint.rules.ml202

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.kind in {"nginx", "ingress", "gateway"}
	h.route == "misrouted"
	f := {
		"rule": "ML202",
		"object": h.via.ref,
		"line": line(h),
		"message": sprintf("%s proxies to %s port %d with %s, which is a name of %s on the same port: the sidecar routes every request to %s instead, silently.", [lib.ref(h.source.ref), lib.ref(h.target), h.port, lib.host_words(h.host), lib.ref(h.routed_to), lib.ref(h.routed_to)]),
		"remediation": concat(" ", ["Send a Host header of the intended Service:", fix(h)]),
		"related": [h.target, h.routed_to],
	}
}

line(h) := h.host.line if h.host.line > 0

line(h) := h.via.line if h.host.line == 0

# The way each proxy is told which Host to send (docs/mesh-semantics.md).
fix(h) := sprintf("`proxy_set_header Host %s;` in the location that proxies.", [h.suggested_host]) if h.kind == "nginx"

fix(h) := sprintf("nginx.ingress.kubernetes.io/upstream-vhost: %s on %s.", [h.target_fqdn, lib.ref(h.via.ref)]) if {
	h.kind == "ingress"
	not object.get(h, "controller", "") in {"f5-nginx-ingress", "traefik"}
}

fix(h) := sprintf("a VirtualServer for the host whose action sets `proxy.requestHeaders.set: [{name: Host, value: %s}]` (an Ingress of the F5 NGINX Ingress Controller always sends the client's Host).", [h.target_fqdn]) if {
	h.kind == "ingress"
	h.controller == "f5-nginx-ingress"
}

fix(h) := sprintf("Traefik forwards the Host it was given; have the route send %s (a headers middleware with customRequestHeaders Host), or passHostHeader: false with nativeLB so it sends the Service's address.", [h.target_fqdn]) if {
	h.kind == "ingress"
	h.controller == "traefik"
}

fix(h) := sprintf("a URLRewrite filter with `hostname: %s` on the rule of %s.", [h.target_fqdn, lib.ref(h.via.ref)]) if h.kind == "gateway"
