package meshlint.rules.ml201_test

import data.meshlint.rules.ml201

cm := {"apiVersion": "v1", "kind": "ConfigMap", "namespace": "blog-system", "name": "web-nginx-config"}

ing := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "namespace": "blog-system", "name": "blog"}

web := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "web"}

ctrl := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "ingress-nginx", "name": "ingress-nginx-controller"}

was_svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-service"}

host_external := {"value": "$host", "resolved": "", "external": true, "origin": "nginx-directive", "line": 67}

# An nginx hop of the field report: web -> was-service:8080 with Host $host.
hop := {
	"kind": "nginx",
	"source": {"ref": web, "namespace": "blog-system", "meshed": true, "meshed_known": true, "why": "namespace label", "is_workload": true},
	"via": {"ref": cm, "line": 66, "namespace": "blog-system"},
	"target": was_svc,
	"target_fqdn": "was-service.blog-system.svc.cluster.local",
	"target_meshed_endpoints": 2,
	"port": 8080,
	"protocol": "HTTP",
	"http": true,
	"sniffed": false,
	"host": host_external,
	"suggested_host": "was-service",
	"bypass": "",
	"pod_ips": false,
	"route": "passthrough",
	"host_match": "passthrough",
}

sniffed_hop := object.union(hop, {"protocol": "Sniffed", "http": false, "sniffed": true, "route": "sniffed"})

ingress_hop := object.union(hop, {
	"kind": "ingress",
	"source": {"ref": ctrl, "namespace": "ingress-nginx", "meshed": true, "meshed_known": true, "why": "namespace label", "is_workload": true},
	"via": {"ref": ing, "line": 94, "namespace": "blog-system"},
	"target": {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "web-service"},
	"target_fqdn": "web-service.blog-system.svc.cluster.local",
	"port": 80,
	"host": {"value": "$host", "resolved": "blog.jiminhome.shop", "external": true, "origin": "ingress", "line": 0},
	"suggested_host": "web-service.blog-system",
	"pod_ips": true,
})

findings(h) := fs if {
	fs := ml201.findings with input as {"hops": [h], "settings": {"cluster_domain": "cluster.local"}}
}

test_host_external_on_http_port_is_an_error_at_the_directive if {
	some f in findings(hop)
	f.rule == "ML201"
	f.severity == "error"
	f.object == cm
	f.line == 67
	contains(f.message, "PassthroughCluster")
	contains(f.message, "no mTLS")
	contains(f.message, "$host")
	contains(f.remediation, "proxy_set_header Host was-service;")
	contains(f.remediation, "X-Forwarded-Host $host")
	f.related == [was_svc, web]
}

test_one_finding_per_directive if {
	count(findings(hop)) == 1
}

test_blackhole_under_registry_only_is_an_error_naming_502 if {
	some f in findings(object.union(hop, {"route": "blackhole", "host_match": "blackhole"}))
	f.severity == "error"
	contains(f.message, "BlackHoleCluster")
	contains(f.message, "502")
}

test_sniffed_port_is_info if {
	some f in findings(sniffed_hop)
	f.severity == "info"
	contains(f.message, "sniffed")
	contains(f.message, "http-*")
}

test_default_host_points_at_the_proxy_pass if {
	h := object.union(hop, {"host": {"value": "$proxy_host", "resolved": "backend", "external": false, "origin": "nginx-default", "line": 70}})
	some f in findings(h)
	f.line == 70
	contains(f.message, "\"backend\"")
}

test_line_falls_back_to_the_via_line if {
	some f in findings(ingress_hop)
	f.line == 94
}

test_routed_hosts_do_not_fire if {
	every m in ["service", "virtualservice", "serviceentry", "misrouted", "unknown", "sniffed"] {
		count(findings(object.union(hop, {"route": m, "host_match": m}))) == 0
	}
}

test_unmeshed_client_does_not_fire if {
	count(findings(object.union(hop, {"source": {"ref": web, "namespace": "blog-system", "meshed": false, "meshed_known": true, "why": "", "is_workload": true}, "route": "direct"}))) == 0
}

test_bypassed_sidecar_does_not_fire if {
	count(findings(object.union(hop, {"bypass": "port or address excluded from the client's outbound capture", "route": "direct"}))) == 0
}

test_target_without_meshed_endpoints_does_not_fire if {
	count(findings(object.union(hop, {"target_meshed_endpoints": 0}))) == 0
}

test_app_hops_are_not_this_rule if {
	count(findings(object.union(hop, {"kind": "app"}))) == 0
}

test_tcp_port_does_not_fire if {
	count(findings(object.union(hop, {"protocol": "TCP", "http": false, "sniffed": false, "route": "tcp", "host_match": ""}))) == 0
}

test_ingress_without_upstream_vhost_fires_with_annotation_remediation if {
	some f in findings(ingress_hop)
	f.object == ing
	f.severity == "error"
	contains(f.message, "ingress-nginx")
	contains(f.remediation, "upstream-vhost: web-service.blog-system.svc.cluster.local")
	contains(f.remediation, "service-upstream")
}

test_wrong_upstream_vhost_fires_at_the_annotation if {
	h := object.union(ingress_hop, {"host": {"value": "web-service", "resolved": "web-service", "external": false, "origin": "upstream-vhost", "line": 86}})
	some f in findings(h)
	f.line == 86
	contains(f.remediation, "Set the annotation")
	contains(f.remediation, "web-service.blog-system.svc.cluster.local")
}

test_right_upstream_vhost_does_not_fire if {
	h := object.union(ingress_hop, {
		"host": {"value": "web-service.blog-system.svc.cluster.local", "resolved": "web-service.blog-system.svc.cluster.local", "external": false, "origin": "upstream-vhost", "line": 86},
		"route": "service", "host_match": "service",
	})
	count(findings(h)) == 0
}

test_alias_target_names_the_concrete_service if {
	svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-alias"}
	some f in findings(object.union(hop, {"target": svc, "target_alias_of": was_svc}))
	contains(f.message, "Service/blog-system/was-alias (an ExternalName alias of Service/blog-system/was-service)")
}

test_a_null_alias_is_no_alias if {
	some f in findings(object.union(hop, {"target_alias_of": null}))
	contains(f.message, "proxies to Service/blog-system/was-service port")
}

# --- Other ingress programs (hop.controller) ---
vendor_hop(controller, kind) := object.union(ingress_hop, {
	"controller": controller,
	"via": {"ref": {"kind": kind, "namespace": "blog-system", "name": "blog"}, "line": 94, "namespace": "blog-system"},
	"host": object.union(ingress_hop.host, {"origin": origin_of(controller)}),
})

origin_of(c) := "passHostHeader" if c == "traefik"

origin_of(c) := "ingress" if c != "traefik"

test_f5_virtualserver_fires_with_request_headers_remediation if {
	some f in findings(vendor_hop("f5-nginx-ingress", "VirtualServer"))
	f.object.kind == "VirtualServer"
	contains(f.remediation, "requestHeaders.set [{name: Host, value: web-service.blog-system.svc.cluster.local}]")
	not contains(f.remediation, "upstream-vhost")
}

test_f5_ingress_remediation_explains_the_template if {
	some f in findings(vendor_hop("f5-nginx-ingress", "Ingress"))
	contains(f.remediation, "proxy_set_header Host $host")
	contains(f.remediation, "VirtualServer")
}

test_traefik_remediations if {
	some f in findings(vendor_hop("traefik", "Ingress"))
	contains(f.remediation, "service.passhostheader: \"false\"")
	some g in findings(vendor_hop("traefik", "IngressRoute"))
	contains(g.remediation, "passHostHeader: false and nativeLB: true")
}

test_one_finding_per_vendor_hop if {
	every c in [["f5-nginx-ingress", "Ingress"], ["f5-nginx-ingress", "VirtualServer"], ["traefik", "Ingress"], ["traefik", "IngressRoute"]] {
		count(findings(vendor_hop(c[0], c[1]))) == 1
	}
}

test_traefik_ingress_nginx_provider_gets_the_upstream_vhost_remediation if {
	h := object.union(vendor_hop("traefik", "Ingress"), {"host": object.union(ingress_hop.host, {"origin": "ingress"})})
	some f in findings(h)
	contains(f.remediation, "nginx.ingress.kubernetes.io/upstream-vhost: web-service.blog-system.svc.cluster.local")
	count(findings(h)) == 1
}

gateway_hop := object.union(hop, {
	"kind": "gateway",
	"controller": "envoy-gateway",
	"source": {"ref": {"kind": "Gateway", "namespace": "blog-system", "name": "edge"}, "namespace": "envoy-gateway-system", "meshed": true, "meshed_known": true, "why": "infrastructure labels", "is_workload": false},
	"via": {"ref": {"kind": "HTTPRoute", "namespace": "blog-system", "name": "blog"}, "line": 21, "namespace": "blog-system"},
	"host": {"value": "blog.example.com", "resolved": "blog.example.com", "external": true, "origin": "gateway", "line": 0},
	"pod_ips": false,
})

test_meshed_gateway_dialling_the_service_with_the_client_host_fires if {
	some f in ml201.findings with input as {"hops": [gateway_hop]}
	f.severity == "error"
	f.object.kind == "HTTPRoute"
	f.line == 21
	contains(f.message, "Gateway/blog-system/edge proxies to")
	contains(f.remediation, "urlRewrite: {hostname: was-service.blog-system.svc.cluster.local}")
}

test_a_gateway_filter_host_that_is_no_name_fires_on_the_filter if {
	h := object.union(gateway_hop, {"host": {"value": "was-service", "resolved": "was-service", "external": false, "origin": "urlrewrite", "line": 30}})
	some f in ml201.findings with input as {"hops": [h]}
	f.line == 30
	contains(f.remediation, "Set the Host the filter")
}

test_a_gateway_dialling_endpoints_is_ml603s if {
	count(ml201.findings) == 0 with input as {"hops": [object.union(gateway_hop, {"pod_ips": true})]}
}
