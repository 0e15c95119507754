# METADATA
# title: strict-mtls-behind-unmeshed-ingress
# description: An Ingress or Gateway API backend port is STRICT while the controller's or gateway's hop is plaintext -> 502.
# custom:
#   id: ML101
package meshlint.rules.ml101

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.kind == "ingress"
	h.outcome == "rejected"
	h.server.mode == "STRICT"
	why := plaintext_reason(h)
	f := {
		"rule": "ML101",
		"severity": severity(h),
		"object": h.server.mode_policy,
		"line": h.server.mode_line,
		"message": sprintf("%s makes port %d of %s STRICT, but %s reaches it in plaintext: %s. The %s resets the connection and the ingress controller answers 502 Bad Gateway.", [lib.ref(h.server.mode_policy), h.server.container_port, lib.ref(h.server.ref), lib.ref(h.via.ref), why, lib.proxy(h.server)]),
		"remediation": remediation(h),
		"related": [h.via.ref, h.server.ref],
	}
}

# A Gateway API gateway in front of a STRICT port: the same reset, with the
# gateway's own words (docs/mesh-semantics.md "Gateway API").
findings contains f if {
	some h in input.hops
	h.kind == "gateway"
	h.outcome == "rejected"
	h.server.mode == "STRICT"
	why := gateway_reason(h)
	f := {
		"rule": "ML101",
		"severity": severity(h),
		"object": h.server.mode_policy,
		"line": h.server.mode_line,
		"message": sprintf("%s makes port %d of %s STRICT, but %s (%s, route %s) reaches it without Istio mTLS: %s. The %s resets the connection and the gateway answers 502/503.", [lib.ref(h.server.mode_policy), h.server.container_port, lib.ref(h.server.ref), lib.ref(h.gateway.ref), h.controller, lib.ref(h.via.ref), why, lib.proxy(h.server)]),
		"remediation": gateway_remediation(h),
		"related": [h.gateway.ref, h.via.ref, h.server.ref],
	}
}

gateway_reason(h) := sprintf("its data plane is outside the mesh (%s)", [h.source.why]) if {
	not h.source.meshed
	h.source.meshed_known
}

gateway_reason(h) := sprintf("if its data plane is outside the mesh, which the inputs do not tell (%s)", [h.source.why]) if {
	not h.source.meshed
	not h.source.meshed_known
}

gateway_reason(h) := "its meshed data plane's hop leaves the mesh through PassthroughCluster (it dials endpoint IPs, or sends a Host that is no name of the Service)" if {
	h.source.meshed
	h.route == "passthrough"
}

gateway_reason(h) := "a BackendTLSPolicy on the Service makes it originate its own TLS (Istio turns the policy into a DestinationRule with SIMPLE), not Istio mTLS" if {
	h.source.meshed
	h.route == "service"
	h.client_tls == "SIMPLE"
}

gateway_reason(h) := sprintf("its meshed data plane's hop bypasses its sidecar (%s)", [h.bypass]) if {
	h.source.meshed
	h.route == "direct"
}

gateway_remediation(h) := sprintf("%s. Or %s%s.", [let_in(h), join_mesh(h), istio_class(h)]) if not lib.ambient(h.server)

istio_class(h) := "" if h.controller == "istio"

istio_class(h) := "; or serve the route from Istio's own gateway class (gatewayClassName: istio), whose proxy originates Istio mTLS" if h.controller != "istio"

gateway_remediation(h) := sprintf("%s. Or put the gateway's data plane in the mesh: label the namespace it runs in (%s) istio.io/dataplane-mode=ambient, or serve the route from Istio's own gateway class (gatewayClassName: istio).", [let_in(h), h.source.namespace]) if lib.ambient(h.server)

remediation(h) := concat("", [let_in(h), ". Or put the controller in the mesh: label its namespace istio.io/dataplane-mode=ambient, and ztunnel carries its hops over HBONE mTLS."]) if lib.ambient(h.server)

remediation(h) := concat("", [let_in(h), sprintf("; keep in-mesh hops mTLS with ISTIO_MUTUAL DestinationRules. Or put the controller in the mesh and give the Ingress nginx.ingress.kubernetes.io/service-upstream: \"true\" and nginx.ingress.kubernetes.io/upstream-vhost: %s.", [h.target_fqdn])]) if not lib.ambient(h.server)

# let_in is the fix on the server's side, whatever proxy it has.
let_in(h) := sprintf("Let the ingress hop in: set mtls.mode PERMISSIVE for namespace %s (PeerAuthentication named default without selector), or a workload PeerAuthentication selecting %s with portLevelMtls {%d: {mode: PERMISSIVE}}", [h.server.ref.namespace, h.server.ref.name, h.server.container_port])

plaintext_reason(h) := sprintf("its controller is outside the mesh (%s)", [h.source.why]) if {
	not h.source.meshed
	h.source.meshed_known
}

plaintext_reason(h) := sprintf("if its controller is outside the mesh, which the inputs do not tell (%s)", [h.source.why]) if {
	not h.source.meshed
	not h.source.meshed_known
}

plaintext_reason(h) := "the meshed controller's hop leaves the mesh through PassthroughCluster (no upstream-vhost, or pod IPs without service-upstream)" if {
	h.source.meshed
	h.route == "passthrough"
}

plaintext_reason(h) := sprintf("the meshed controller's hop bypasses its sidecar (%s)", [h.bypass]) if {
	h.source.meshed
	h.route == "direct"
}

severity(h) := "info" if not h.source.meshed_known

severity(h) := "error" if h.source.meshed_known

# join_mesh is how each gateway's data plane joins the mesh so that its hop
# is Istio mTLS: a sidecar, dialling the Service, with a Host of the
# Service (docs/mesh-semantics.md "Gateway API").
join_mesh(h) := sprintf("give Envoy Gateway's proxies a sidecar (sidecar.istio.io/inject: \"true\" in the Gateway's spec.infrastructure.labels, in an injection-enabled namespace), make them dial the Service (EnvoyProxy spec.routingType: Service) and send Host %s (HTTPRoute filter URLRewrite hostname)", [h.target_fqdn]) if h.controller == "envoy-gateway"

join_mesh(h) := sprintf("give NGINX Gateway Fabric's nginx pods a sidecar (sidecar.istio.io/inject: \"true\" in the Gateway's spec.infrastructure.labels), make them dial the Service (NginxProxy spec.useClusterIP: true) and send Host %s (HTTPRoute filter URLRewrite hostname)", [h.target_fqdn]) if h.controller == "nginx-gateway-fabric"

join_mesh(h) := sprintf("give Traefik's pods a sidecar, make it dial the Service (annotation traefik.io/service.nativelb: \"true\" on %s) and send Host %s (HTTPRoute filter URLRewrite hostname)", [lib.ref(h.target), h.target_fqdn]) if h.controller == "traefik"

join_mesh(h) := "run the kgateway controller with KGW_ENABLE_ISTIO_AUTO_MTLS=true, so that its proxies originate Istio mTLS (kgateway's Istio integration)" if h.controller == "kgateway"

join_mesh(h) := sprintf("delete the BackendTLSPolicy that targets %s: without it Istio's gateway originates Istio mTLS to the meshed endpoints", [lib.ref(h.target)]) if h.controller == "istio"

join_mesh(h) := "move the route to another gateway class: Cilium's gateway runs in each node's Envoy, which cannot join the mesh" if h.controller == "cilium"

join_mesh(h) := sprintf("put the gateway's data plane in the mesh as its controller's documentation says (%s), dialling the Service with Host %s", [h.gateway.controller_name, h.target_fqdn]) if not h.controller in {"envoy-gateway", "nginx-gateway-fabric", "traefik", "kgateway", "cilium", "istio"}
