package meshlint.rules.ml101_test

import data.meshlint.rules.ml101

hop(source, route, mode) := {
	"kind": "ingress",
	"source": source,
	"via": {"ref": {"kind": "Ingress", "namespace": "app", "name": "web"}, "line": 3},
	"target_fqdn": "web.app.svc.cluster.local",
	"route": route,
	"bypass": "",
	"outcome": "rejected",
	"server": {
		"ref": {"kind": "Deployment", "namespace": "app", "name": "web"},
		"container_port": 80,
		"mode": mode,
		"mode_policy": {"kind": "PeerAuthentication", "namespace": "app", "name": "default"},
		"mode_line": 9,
	},
}

unmeshed := {"meshed": false, "meshed_known": true, "why": "no injection label"}

unknown := {"meshed": false, "meshed_known": false, "why": "no controller in the inputs"}

meshed := {"meshed": true, "meshed_known": true, "why": "injected"}

test_unmeshed_controller_to_strict_is_an_error if {
	some f in ml101.findings with input as {"hops": [hop(unmeshed, "direct", "STRICT")]}
	f.rule == "ML101"
	f.severity == "error"
	f.object.kind == "PeerAuthentication"
	f.line == 9
	contains(f.message, "502")
	contains(f.message, "outside the mesh")
}

test_unknown_controller_is_info if {
	some f in ml101.findings with input as {"hops": [hop(unknown, "direct", "STRICT")]}
	f.severity == "info"
	contains(f.message, "do not tell")
}

test_meshed_controller_through_passthrough_fires if {
	count(ml101.findings) == 1 with input as {"hops": [hop(meshed, "passthrough", "STRICT")]}
	some f in ml101.findings with input as {"hops": [hop(meshed, "passthrough", "STRICT")]}
	f.severity == "error"
	contains(f.message, "PassthroughCluster")
	contains(f.message, "502")
}

test_meshed_controller_bypassing_its_sidecar_fires if {
	h := object.union(hop(meshed, "direct", "STRICT"), {"bypass": "port or address excluded from the client's outbound capture"})
	some f in ml101.findings with input as {"hops": [h]}
	f.severity == "error"
	contains(f.message, "bypasses its sidecar")
}

# The finding points at the policy and line that made the port STRICT: for a
# portLevelMtls entry, the workload policy and the entry's mode line.
test_points_at_the_port_level_entry if {
	h := object.union(hop(unmeshed, "direct", "STRICT"), {"server": {
		"mode_policy": {"kind": "PeerAuthentication", "namespace": "app", "name": "web"},
		"mode_line": 21,
		"container_port": 8080,
	}})
	some f in ml101.findings with input as {"hops": [h]}
	f.object.name == "web"
	f.line == 21
	contains(f.message, "port 8080")
	contains(f.remediation, "portLevelMtls {8080: {mode: PERMISSIVE}}")
}

test_related_are_the_ingress_and_the_workload if {
	some f in ml101.findings with input as {"hops": [hop(unmeshed, "direct", "STRICT")]}
	f.related == [
		{"kind": "Ingress", "namespace": "app", "name": "web"},
		{"kind": "Deployment", "namespace": "app", "name": "web"},
	]
}

test_remediation_names_the_upstream_vhost if {
	some f in ml101.findings with input as {"hops": [hop(unmeshed, "direct", "STRICT")]}
	contains(f.remediation, "upstream-vhost: web.app.svc.cluster.local")
	contains(f.remediation, "service-upstream")
}

test_permissive_does_not_fire if {
	count(ml101.findings) == 0 with input as {"hops": [hop(unmeshed, "direct", "PERMISSIVE")]}
}

test_meshed_controller_in_mesh_does_not_fire if {
	count(ml101.findings) == 0 with input as {"hops": [hop(meshed, "service", "STRICT")]}
}

test_outcome_not_rejected_does_not_fire if {
	h := object.union(hop(meshed, "service", "STRICT"), {"outcome": "mtls"})
	count(ml101.findings) == 0 with input as {"hops": [h]}
}

# Under REGISTRY_ONLY the hop dies in BlackHoleCluster whatever the mode: not ML101's cause.
test_blackhole_does_not_fire if {
	count(ml101.findings) == 0 with input as {"hops": [hop(meshed, "blackhole", "STRICT")]}
}

test_nginx_hops_do_not_fire if {
	h := object.union(hop(unmeshed, "direct", "STRICT"), {"kind": "nginx"})
	count(ml101.findings) == 0 with input as {"hops": [h]}
}

test_server_without_sidecar_does_not_fire if {
	h := object.union(hop(unmeshed, "direct", "STRICT"), {"server": {"captured": false, "mode": null, "mode_policy": null}})
	count(ml101.findings) == 0 with input as {"hops": [h]}
}

# --- The fix of the ingress program that made the hop (hop.controller) ---
vendor_hop(controller, kind) := object.union(hop(unmeshed, "direct", "STRICT"), {
	"controller": controller,
	"via": {"ref": {"kind": kind, "namespace": "app", "name": "web"}, "line": 3},
	"target": {"kind": "Service", "namespace": "app", "name": "web"},
	"host": {"value": "$host", "resolved": "", "external": true, "origin": origin_of(controller), "line": 0},
})

# Traefik's own providers give their hops the origin passHostHeader.
origin_of(c) := "passHostHeader" if c == "traefik"

origin_of(c) := "ingress" if c != "traefik"

remediation_of(h) := r if {
	some f in ml101.findings with input as {"hops": [h]}
	r := f.remediation
}

test_f5_virtualserver_fix_is_use_cluster_ip_and_request_headers_host if {
	r := remediation_of(vendor_hop("f5-nginx-ingress", "VirtualServer"))
	contains(r, "use-cluster-ip: true")
	contains(r, "requestHeaders.set [{name: Host, value: web.app.svc.cluster.local}]")
	not contains(r, "nginx.ingress.kubernetes.io")
}

test_f5_ingress_fix_names_the_annotation_and_the_virtualserver if {
	r := remediation_of(vendor_hop("f5-nginx-ingress", "Ingress"))
	contains(r, "nginx.org/use-cluster-ip: \"true\"")
	contains(r, "VirtualServer")
	not contains(r, "upstream-vhost")
}

test_f5_transportserver_fix if {
	contains(remediation_of(vendor_hop("f5-nginx-ingress", "TransportServer")), "TransportServer always dials the endpoints")
}

test_traefik_ingress_fix_annotates_the_service if {
	r := remediation_of(vendor_hop("traefik", "Ingress"))
	contains(r, "Service/app/web")
	contains(r, "service.nativelb: \"true\"")
	contains(r, "service.passhostheader: \"false\"")
}

test_traefik_ingressroute_fix if {
	r := remediation_of(vendor_hop("traefik", "IngressRoute"))
	contains(r, "nativeLB: true and passHostHeader: false")
}

test_traefik_ingressroutetcp_fix_is_native_lb_only if {
	r := remediation_of(vendor_hop("traefik", "IngressRouteTCP"))
	contains(r, "nativeLB: true")
	not contains(r, "passHostHeader")
}

test_meshed_vendor_passthrough_names_its_own_cause if {
	h := object.union(vendor_hop("traefik", "IngressRoute"), {"source": meshed, "route": "passthrough"})
	some f in ml101.findings with input as {"hops": [h]}
	contains(f.message, "passHostHeader")
	not contains(f.message, "upstream-vhost")
}

# Traefik's kubernetesIngressNGINX provider reads ingress-nginx's
# annotations: its Ingress hops (Host origin ingress) get their fix.
test_traefik_ingress_nginx_provider_fix_is_ingress_nginx_annotations if {
	h := object.union(vendor_hop("traefik", "Ingress"), {"host": {"origin": "ingress"}})
	r := remediation_of(h)
	contains(r, "nginx.ingress.kubernetes.io/service-upstream")
	not contains(r, "service.nativelb")
	m := object.union(h, {"source": meshed, "route": "passthrough"})
	some f in ml101.findings with input as {"hops": [m]}
	contains(f.message, "without service-upstream")
}

gateway_hop(source, route, controller) := object.union(hop(source, route, "STRICT"), {
	"kind": "gateway",
	"controller": controller,
	"via": {"ref": {"kind": "HTTPRoute", "namespace": "app", "name": "web"}, "line": 14},
	"gateway": {"ref": {"kind": "Gateway", "namespace": "app", "name": "edge"}, "controller_name": "example.com/gw"},
})

test_unmeshed_gateway_names_the_gateway_route_and_controller if {
	some f in ml101.findings with input as {"hops": [gateway_hop(unmeshed, "direct", "envoy-gateway")]}
	f.severity == "error"
	contains(f.message, "Gateway/app/edge (envoy-gateway, route HTTPRoute/app/web)")
	contains(f.message, "data plane is outside the mesh")
	contains(f.message, "502/503")
	contains(f.remediation, "routingType: Service")
	contains(f.remediation, "gatewayClassName: istio")
	f.related[0] == {"kind": "Gateway", "namespace": "app", "name": "edge"}
}

test_unknown_gateway_is_info if {
	some f in ml101.findings with input as {"hops": [gateway_hop(unknown, "direct", "unknown")]}
	f.severity == "info"
	contains(f.remediation, "example.com/gw")
}

test_meshed_gateway_through_passthrough_says_so if {
	some f in ml101.findings with input as {"hops": [gateway_hop(meshed, "passthrough", "nginx-gateway-fabric")]}
	contains(f.message, "dials endpoint IPs")
	contains(f.remediation, "useClusterIP")
}

test_gateway_remediation_never_names_ingress_nginx_annotations if {
	some f in ml101.findings with input as {"hops": [gateway_hop(unmeshed, "direct", "cilium")]}
	not contains(f.remediation, "nginx.ingress.kubernetes.io")
	contains(f.remediation, "Cilium")
}

test_istio_gateway_with_backend_tls_policy_names_it if {
	h := object.union(gateway_hop(meshed, "service", "istio"), {"client_tls": "SIMPLE", "target": {"kind": "Service", "namespace": "app", "name": "web"}})
	some f in ml101.findings with input as {"hops": [h]}
	f.severity == "error"
	contains(f.message, "BackendTLSPolicy")
	contains(f.remediation, "delete the BackendTLSPolicy that targets Service/app/web")
	not contains(f.remediation, "gatewayClassName: istio")
}
