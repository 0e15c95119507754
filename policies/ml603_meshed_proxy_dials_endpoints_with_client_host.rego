# METADATA
# title: meshed-proxy-dials-endpoints-with-client-host
# description: A meshed gateway or ingress controller (other than ingress-nginx, ML203's) dials endpoint IPs with the client's Host on an HTTP port -> PassthroughCluster.
# custom:
#   id: ML603
package meshlint.rules.ml603

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.kind in {"gateway", "ingress"}
	not h.controller in {"", "ingress-nginx"}
	h.source.meshed
	h.bypass == ""
	h.pod_ips
	h.http
	h.host.external
	h.route in {"passthrough", "blackhole"}
	h.target_meshed_endpoints > 0
	f := {
		"rule": "ML603",
		"severity": "error",
		"object": h.via.ref,
		"line": h.via.line,
		"message": sprintf("%s (%s) is meshed (%s) and dials the endpoint IPs of %s port %d itself, with %s: its sidecar has no route for that Host on the pod's port and sends the request to %s.", [lib.ref(proxy_ref(h)), h.controller, h.source.why, lib.ref(h.target), h.port, lib.host_words(h.host), effect(h)]),
		"remediation": remediation(h),
		"related": [proxy_ref(h), h.target],
	}
}

proxy_ref(h) := h.gateway.ref if object.get(h, "gateway", null) != null

proxy_ref(h) := h.source.ref if object.get(h, "gateway", null) == null

effect(h) := "PassthroughCluster: plaintext, no telemetry, no peer identity (a STRICT backend resets it: 502)" if h.route == "passthrough"

effect(h) := "BlackHoleCluster: outboundTrafficPolicy is REGISTRY_ONLY, so every request gets 502" if h.route == "blackhole"

# How each program is told to dial the Service and to send its name
# (docs/mesh-semantics.md "Gateway API").
remediation(h) := sprintf("Make Envoy Gateway dial the Service: `spec.routingType: Service` in the EnvoyProxy of the Gateway (or a BackendTrafficPolicy with routingType: Service for the route); and send the Service's name: a URLRewrite filter with `hostname: %s` on the rule of %s.", [h.target_fqdn, lib.ref(h.via.ref)]) if h.controller == "envoy-gateway"

remediation(h) := sprintf("Make NGINX Gateway Fabric dial the Service: `spec.useClusterIP: true` in the Gateway's NginxProxy (or an UpstreamSettingsPolicy with useClusterIP for %s); and send the Service's name: a URLRewrite filter with `hostname: %s` on the rule of %s.", [lib.ref(h.target), h.target_fqdn, lib.ref(h.via.ref)]) if h.controller == "nginx-gateway-fabric"

remediation(h) := sprintf("Make Traefik dial the Service: annotate %s with `traefik.io/service.nativelb: \"true\"` (or nativeLB: true on the route's service); and send the Service's name as Host (%s), e.g. a URLRewrite hostname filter on %s.", [lib.ref(h.target), h.target_fqdn, lib.ref(h.via.ref)]) if h.controller == "traefik"

remediation(h) := "Run the kgateway controller with KGW_ENABLE_ISTIO_AUTO_MTLS=true instead of injecting a sidecar: its Envoy then originates Istio mTLS to the endpoints itself (kgateway's Istio integration)." if h.controller == "kgateway"

remediation(h) := sprintf("Make the controller dial the Service's ClusterIP (`nginx.org/use-cluster-ip: \"true\"` on %s, or `use-cluster-ip: true` on the VirtualServer upstream) and send Host %s (the VirtualServer action's proxy.requestHeaders.set Host).", [lib.ref(h.via.ref), h.target_fqdn]) if h.controller == "f5-nginx-ingress"

remediation(h) := sprintf("Make %s dial the Service's ClusterIP instead of its endpoints, and send Host %s, as its documentation says.", [h.controller, h.target_fqdn]) if not h.controller in {"envoy-gateway", "nginx-gateway-fabric", "traefik", "kgateway", "f5-nginx-ingress"}
