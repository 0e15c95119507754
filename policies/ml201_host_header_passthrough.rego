# METADATA
# title: host-header-passthrough
# description: A meshed nginx or ingress-nginx proxies to a meshed Service with a Host header the sidecar does not route -> PassthroughCluster.
# custom:
#   id: ML201
package meshlint.rules.ml201

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.kind in {"nginx", "ingress"}
	h.source.meshed
	h.bypass == ""
	h.target_meshed_endpoints > 0
	h.host.origin != "upstream-vhost"
	h.host_match in {"passthrough", "blackhole"}
	sev := severity(h)
	f := {
		"rule": "ML201",
		"severity": sev,
		"object": h.via.ref,
		"line": line(h),
		"message": message(h, sev),
		"remediation": remediation(h),
		"related": [h.target, h.source.ref],
	}
}

severity(h) := "error" if h.http

severity(h) := "info" if h.sniffed

line(h) := h.host.line if h.host.line > 0

line(h) := h.via.line if h.host.line == 0

effect := "PassthroughCluster: the hop leaves the mesh's routing with no mTLS, no telemetry and no peer identity for AuthorizationPolicy (502 under REGISTRY_ONLY)"

message(h, "error") := sprintf("%s proxies to %s port %d (%s) with %s, which is not one of that Service's names for a client in %s: the sidecar sends the request to %s.", [lib.ref(h.source.ref), lib.ref(h.target), h.port, h.protocol, lib.host_words(h.host), h.source.namespace, effect])

message(h, "info") := sprintf("%s proxies to %s port %d with %s, which is not one of that Service's names. The port's protocol is sniffed, so it works today; the day the port is named http-*, the request goes to %s.", [lib.ref(h.source.ref), lib.ref(h.target), h.port, lib.host_words(h.host), effect])

remediation(h) := sprintf("In the location that proxies, set `proxy_set_header Host %s;` and keep the external name in `proxy_set_header X-Forwarded-Host $host;`. A location with its own proxy_set_header no longer inherits the server's, so repeat the other headers there (meshlint fix does this).", [h.suggested_host]) if h.kind == "nginx"

remediation(h) := sprintf("Add the annotations nginx.ingress.kubernetes.io/upstream-vhost: %s and nginx.ingress.kubernetes.io/service-upstream: \"true\" to %s.", [h.target_fqdn, lib.ref(h.via.ref)]) if h.kind == "ingress"
