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

remediation(h) := concat("", [let_in(h), sprintf("; keep in-mesh hops mTLS with ISTIO_MUTUAL DestinationRules. Or put the controller in the mesh and %s.", [in_mesh_fix(h)])]) if not lib.ambient(h.server)

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

plaintext_reason(h) := sprintf("the meshed controller's hop leaves the mesh through PassthroughCluster (%s)", [passthrough_cause(h)]) if {
	h.source.meshed
	h.route == "passthrough"
}

plaintext_reason(h) := sprintf("the meshed controller's hop bypasses its sidecar (%s)", [h.bypass]) if {
	h.source.meshed
	h.route == "direct"
}

severity(h) := "info" if not h.source.meshed_known

severity(h) := "error" if h.source.meshed_known

# --- The ingress program's own fix (hop.controller) ---
# ingress-nginx's annotations: ingress-nginx, any hop that does not name
# its program, and Traefik's kubernetesIngressNGINX provider (its Ingress
# hops keep ingress-nginx's Host origins; Traefik's own say passHostHeader).
in_mesh_fix(h) := sprintf("give the Ingress nginx.ingress.kubernetes.io/service-upstream: \"true\" and nginx.ingress.kubernetes.io/upstream-vhost: %s", [h.target_fqdn]) if nginx_dialect(h)

passthrough_cause(h) := "no upstream-vhost, or pod IPs without service-upstream" if nginx_dialect(h)

vendor(h) if object.get(h, "controller", "") in {"f5-nginx-ingress", "traefik"}

nginx_dialect(h) if not vendor(h)

nginx_dialect(h) if {
	h.controller == "traefik"
	h.via.ref.kind == "Ingress"
	h.host.origin in {"ingress", "upstream-vhost"}
}

# F5 NGINX Ingress Controller: its guide "NGINX Ingress Controller and
# Istio Service Mesh" (docs.nginx.com/nginx-ingress-controller/tutorials/
# nginx-ingress-istio/) sets use-cluster-ip: true on the VirtualServer
# upstream and requestHeaders.set Host <service>.<namespace>.svc.cluster.local
# on its action. An Ingress gets the ClusterIP from nginx.org/use-cluster-ip
# "true", but its template always adds Host $host after
# nginx.org/proxy-set-headers (internal/configs/version1/nginx.ingress.tmpl).
in_mesh_fix(h) := sprintf("set use-cluster-ip: true on the upstream of %s and, on its action, proxy.requestHeaders.set [{name: Host, value: %s}] (F5's NGINX Ingress Controller and Istio guide)", [lib.ref(h.via.ref), h.target_fqdn]) if {
	h.controller == "f5-nginx-ingress"
	h.via.ref.kind in {"VirtualServer", "VirtualServerRoute"}
}

in_mesh_fix(h) := sprintf("give %s nginx.org/use-cluster-ip: \"true\", and send Host %s: the F5 controller's Ingress template always adds proxy_set_header Host $host, so serve this route from a VirtualServer with use-cluster-ip: true and action.proxy.requestHeaders.set [{name: Host, value: %s}] (F5's NGINX Ingress Controller and Istio guide)", [lib.ref(h.via.ref), h.target_fqdn, h.target_fqdn]) if {
	h.controller == "f5-nginx-ingress"
	h.via.ref.kind == "Ingress"
}

in_mesh_fix(h) := "serve the backend from a VirtualServer with use-cluster-ip: true instead: a TransportServer always dials the endpoints" if {
	h.controller == "f5-nginx-ingress"
	h.via.ref.kind == "TransportServer"
}

passthrough_cause(h) := "its Host is not the Service's name, or it dials pod IPs without use-cluster-ip" if h.controller == "f5-nginx-ingress"

# Traefik: nativeLB dials the Service's ClusterIP, and passHostHeader
# false sends that address as the Host, which is one of the Service's
# names in Istio (pkg/proxy/httputil/proxy.go rewriteRequestBuilder).
in_mesh_fix(h) := sprintf("annotate %s with traefik.ingress.kubernetes.io/service.nativelb: \"true\" and traefik.ingress.kubernetes.io/service.passhostheader: \"false\" (Traefik reads them on the Service)", [lib.ref(h.target)]) if {
	h.controller == "traefik"
	h.via.ref.kind == "Ingress"
	h.host.origin == "passHostHeader"
}

in_mesh_fix(h) := sprintf("set nativeLB: true and passHostHeader: false on the service %s of %s", [h.target.name, lib.ref(h.via.ref)]) if {
	h.controller == "traefik"
	h.via.ref.kind == "IngressRoute"
}

in_mesh_fix(h) := sprintf("set nativeLB: true on the service %s of %s", [h.target.name, lib.ref(h.via.ref)]) if {
	h.controller == "traefik"
	h.via.ref.kind == "IngressRouteTCP"
}

passthrough_cause(h) := "passHostHeader sends the client's Host, or it dials pod IPs without nativeLB" if {
	h.controller == "traefik"
	not nginx_dialect(h)
}
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
