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
	nginx_dialect(h)
}

remediation(h) := sprintf("Set the annotation nginx.ingress.kubernetes.io/upstream-vhost of %s to %s (the controller runs in %s, where %q is no name of that Service), and add nginx.ingress.kubernetes.io/service-upstream: \"true\".", [lib.ref(h.via.ref), h.target_fqdn, h.source.namespace, h.host.resolved]) if {
	h.kind == "ingress"
	h.host.origin == "upstream-vhost"
	nginx_dialect(h)
}

# --- Other ingress programs (hop.controller) ---
vendor(h) if object.get(h, "controller", "") in {"f5-nginx-ingress", "traefik"}

# Traefik's kubernetesIngressNGINX provider reads ingress-nginx's
# annotations: its Ingress hops keep their Host origins.
nginx_dialect(h) if not vendor(h)

nginx_dialect(h) if {
	h.controller == "traefik"
	h.via.ref.kind == "Ingress"
	h.host.origin in {"ingress", "upstream-vhost"}
}

# F5 NGINX Ingress Controller: the Host of a VirtualServer action is the
# Host entry of proxy.requestHeaders.set, else $host
# (internal/configs/virtualserver.go generateProxySetHeaders); its Istio
# guide sets it to <service>.<namespace>.svc.cluster.local.
remediation(h) := sprintf("On the action of %s that proxies to %s, set proxy.requestHeaders.set [{name: Host, value: %s}] (F5's NGINX Ingress Controller and Istio guide), and use-cluster-ip: true on its upstream.", [lib.ref(h.via.ref), h.target.name, h.target_fqdn]) if {
	h.controller == "f5-nginx-ingress"
	h.via.ref.kind in {"VirtualServer", "VirtualServerRoute"}
}

# An Ingress cannot: the F5 controller's Ingress template always adds
# proxy_set_header Host $host (internal/configs/version1/nginx.ingress.tmpl),
# after any nginx.org/proxy-set-headers Host, and nginx sends both.
remediation(h) := sprintf("The F5 controller's Ingress template always sends the client's Host (proxy_set_header Host $host, even after an nginx.org/proxy-set-headers Host). Serve this route from a VirtualServer whose upstream has use-cluster-ip: true and whose action sets proxy.requestHeaders.set [{name: Host, value: %s}] (F5's NGINX Ingress Controller and Istio guide).", [h.target_fqdn]) if {
	h.controller == "f5-nginx-ingress"
	h.via.ref.kind == "Ingress"
}

# Traefik sends the client's Host unless passHostHeader is false; then the
# dialled address, the Service's ClusterIP under nativeLB
# (pkg/proxy/httputil/proxy.go rewriteRequestBuilder).
remediation(h) := sprintf("Annotate %s with traefik.ingress.kubernetes.io/service.passhostheader: \"false\" and traefik.ingress.kubernetes.io/service.nativelb: \"true\": Traefik then sends the Service's ClusterIP as the Host, one of its names in the mesh.", [lib.ref(h.target)]) if {
	h.controller == "traefik"
	h.via.ref.kind == "Ingress"
	h.host.origin == "passHostHeader"
}

remediation(h) := sprintf("Set passHostHeader: false and nativeLB: true on the service %s of %s: Traefik then sends the Service's ClusterIP as the Host, one of its names in the mesh.", [h.target.name, lib.ref(h.via.ref)]) if {
	h.controller == "traefik"
	h.via.ref.kind == "IngressRoute"
}

remediation(h) := sprintf("Give the rule of %s that sends to %s a filter that sets the Host to the Service's name: `filters: [{type: URLRewrite, urlRewrite: {hostname: %s}}]` (the client's name stays in X-Forwarded-Host).", [lib.ref(h.via.ref), h.target.name, h.target_fqdn]) if {
	h.kind == "gateway"
	h.host.external
}

remediation(h) := sprintf("Set the Host the filter of %s sends (%q) to the Service's name, %s: from the gateway's data plane in %s, %q is no name of that Service.", [lib.ref(h.via.ref), h.host.resolved, h.target_fqdn, h.source.namespace, h.host.resolved]) if {
	h.kind == "gateway"
	not h.host.external
}
