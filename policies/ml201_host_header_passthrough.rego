# METADATA
# title: host-header-passthrough
# description: A meshed nginx, ingress-nginx or Gateway API gateway proxies to a meshed Service with a Host header the sidecar does not route -> PassthroughCluster.
# custom:
#   id: ML201
package meshlint.rules.ml201

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	proxies_by_host(h)
	h.source.meshed
	h.bypass == ""
	h.target_meshed_endpoints > 0

	# A Service hidden from the client's namespace by exportTo is ML204's:
	# no Host would reach it.
	object.get(h, "target_visible", true)
	egress_imports_target(h)

	# An upstream-vhost is a Host like any other: the bare Service name
	# from the controller's namespace matches no virtual host either.
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

# nginx and Ingress hops; and gateway hops that dial the Service (a gateway
# dialling endpoint IPs with the client's Host is ML603's).
proxies_by_host(h) if h.kind in {"nginx", "ingress"}

proxies_by_host(h) if {
	h.kind == "gateway"
	not h.pod_ips
}

# A Service the client's Sidecar resource does not import is ML205's.
egress_imports_target(h) if object.get(h, "sidecar", null) == null

egress_imports_target(h) if h.sidecar.imports_target

severity(h) := "error" if h.http

severity(h) := "info" if h.sniffed

line(h) := h.host.line if h.host.line > 0

line(h) := h.via.line if h.host.line == 0

# An ExternalName alias has no virtual host of its own: its names sit on
# the concrete Service's (Istio: httproute.go generateVirtualHostDomains).
target_words(h) := sprintf("%s (an ExternalName alias of %s)", [lib.ref(h.target), lib.ref(h.target_alias_of)]) if object.get(h, "target_alias_of", null) != null

target_words(h) := lib.ref(h.target) if object.get(h, "target_alias_of", null) == null

passthrough := "PassthroughCluster: the hop leaves the mesh's routing with no mTLS, no telemetry and no peer identity for AuthorizationPolicy (502 under REGISTRY_ONLY)"

effect(h) := passthrough if h.host_match == "passthrough"

effect(h) := "BlackHoleCluster: outboundTrafficPolicy is REGISTRY_ONLY, so every request gets 502" if h.host_match == "blackhole"

message(h, "error") := sprintf("%s proxies to %s port %d (%s) with %s, which is not one of that Service's names for a client in %s: the sidecar sends the request to %s.", [lib.ref(h.source.ref), target_words(h), h.port, h.protocol, lib.host_words(h.host), h.source.namespace, effect(h)])

message(h, "info") := sprintf("%s proxies to %s port %d with %s, which is not one of that Service's names for a client in %s. The port's protocol is sniffed, so it works today; the day the port is named http-*, the request goes to %s.", [lib.ref(h.source.ref), target_words(h), h.port, lib.host_words(h.host), h.source.namespace, effect(h)])

remediation(h) := sprintf("In the location that proxies, set `proxy_set_header Host %s;` and keep the external name in `proxy_set_header X-Forwarded-Host $host;`. A location with its own proxy_set_header no longer inherits the server's, so repeat the other headers there (meshlint fix does this).", [h.suggested_host]) if h.kind == "nginx"

remediation(h) := sprintf("Add the annotations nginx.ingress.kubernetes.io/upstream-vhost: %s and nginx.ingress.kubernetes.io/service-upstream: \"true\" to %s.", [h.target_fqdn, lib.ref(h.via.ref)]) if {
	h.kind == "ingress"
	h.host.origin != "upstream-vhost"
}

remediation(h) := sprintf("Set the annotation nginx.ingress.kubernetes.io/upstream-vhost of %s to %s (the controller runs in %s, where %q is no name of that Service), and add nginx.ingress.kubernetes.io/service-upstream: \"true\".", [lib.ref(h.via.ref), h.target_fqdn, h.source.namespace, h.host.resolved]) if {
	h.kind == "ingress"
	h.host.origin == "upstream-vhost"
}

remediation(h) := sprintf("Give the rule of %s that sends to %s a filter that sets the Host to the Service's name: `filters: [{type: URLRewrite, urlRewrite: {hostname: %s}}]` (the client's name stays in X-Forwarded-Host).", [lib.ref(h.via.ref), h.target.name, h.target_fqdn]) if {
	h.kind == "gateway"
	h.host.external
}

remediation(h) := sprintf("Set the Host the filter of %s sends (%q) to the Service's name, %s: from the gateway's data plane in %s, %q is no name of that Service.", [lib.ref(h.via.ref), h.host.resolved, h.target_fqdn, h.source.namespace, h.host.resolved]) if {
	h.kind == "gateway"
	not h.host.external
}
