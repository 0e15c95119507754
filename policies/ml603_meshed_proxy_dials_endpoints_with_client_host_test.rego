package meshlint.rules.ml603_test

import data.meshlint.rules.ml603

hop(kind, controller, meshed, pod_ips, route) := {
	"kind": kind,
	"controller": controller,
	"source": {"ref": {"kind": "Gateway", "namespace": "shop", "name": "edge"}, "meshed": meshed, "why": "namespace shop has istio-injection=enabled", "namespace": "shop"},
	"gateway": {"ref": {"kind": "Gateway", "namespace": "shop", "name": "edge"}},
	"via": {"ref": {"kind": "HTTPRoute", "namespace": "shop", "name": "web"}, "line": 12},
	"target": {"kind": "Service", "namespace": "shop", "name": "web"},
	"target_fqdn": "web.shop.svc.cluster.local",
	"port": 80,
	"http": true,
	"bypass": "",
	"pod_ips": pod_ips,
	"route": route,
	"host": {"value": "shop.example.com", "resolved": "shop.example.com", "external": true},
	"target_meshed_endpoints": 2,
}

test_meshed_envoy_gateway_dialling_pods_fires if {
	some f in ml603.findings with input as {"hops": [hop("gateway", "envoy-gateway", true, true, "passthrough")]}
	f.rule == "ML603"
	f.severity == "error"
	f.object.kind == "HTTPRoute"
	f.line == 12
	contains(f.message, "PassthroughCluster")
	contains(f.message, "Gateway/shop/edge (envoy-gateway)")
	contains(f.remediation, "routingType: Service")
	contains(f.remediation, "hostname: web.shop.svc.cluster.local")
}

test_other_controllers_ingress_hops_fire if {
	h := object.union(hop("ingress", "traefik", true, true, "passthrough"), {"gateway": null, "source": {"ref": {"kind": "Deployment", "namespace": "traefik", "name": "traefik"}}})
	some f in ml603.findings with input as {"hops": [h]}
	contains(f.message, "Deployment/traefik/traefik (traefik)")
	contains(f.remediation, "nativelb")
}

test_ingress_nginx_is_ml203s if {
	count(ml603.findings) == 0 with input as {"hops": [hop("ingress", "ingress-nginx", true, true, "passthrough")]}
}

test_unmeshed_does_not_fire if {
	count(ml603.findings) == 0 with input as {"hops": [hop("gateway", "envoy-gateway", false, true, "direct")]}
}

test_dialling_the_service_does_not_fire if {
	count(ml603.findings) == 0 with input as {"hops": [hop("gateway", "envoy-gateway", true, false, "passthrough")]}
}

test_a_host_routed_on_the_pod_port_does_not_fire if {
	count(ml603.findings) == 0 with input as {"hops": [hop("gateway", "envoy-gateway", true, true, "service")]}
}

test_registry_only_says_blackhole if {
	some f in ml603.findings with input as {"hops": [hop("gateway", "nginx-gateway-fabric", true, true, "blackhole")]}
	contains(f.message, "BlackHoleCluster")
	contains(f.remediation, "useClusterIP")
}
