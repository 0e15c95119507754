package meshlint.rules.ml202_test

import data.meshlint.rules.ml202

cm := {"apiVersion": "v1", "kind": "ConfigMap", "namespace": "blog-system", "name": "web-nginx-config"}

web := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "web"}

was_svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-service"}

api_svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "api-service"}

# web -> was-service:8080 with Host api-service, a domain of api-service on 8080.
hop := {
	"kind": "nginx",
	"source": {"ref": web, "namespace": "blog-system", "meshed": true, "meshed_known": true, "why": "namespace label", "is_workload": true},
	"via": {"ref": cm, "line": 22, "namespace": "blog-system"},
	"target": was_svc,
	"target_fqdn": "was-service.blog-system.svc.cluster.local",
	"target_meshed_endpoints": 1,
	"port": 8080,
	"protocol": "HTTP",
	"http": true,
	"sniffed": false,
	"host": {"value": "api-service", "resolved": "api-service", "external": false, "origin": "nginx-directive", "line": 23},
	"suggested_host": "was-service",
	"bypass": "",
	"route": "misrouted",
	"host_match": "misrouted",
	"routed_to": api_svc,
}

findings(h) := fs if {
	fs := ml202.findings with input as {"hops": [h]}
}

test_misroute_fires_at_the_host_directive if {
	some f in findings(hop)
	f.rule == "ML202"
	f.object == cm
	f.line == 23
	contains(f.message, "Service/blog-system/api-service")
	contains(f.message, "Service/blog-system/was-service")
	contains(f.message, "silently")
	contains(f.remediation, "proxy_set_header Host was-service;")
	f.related == [was_svc, api_svc]
}

test_one_finding if {
	count(findings(hop)) == 1
}

test_line_falls_back_to_the_via_line if {
	some f in findings(object.union(hop, {"host": {"value": "$proxy_host", "resolved": "api-service", "external": false, "origin": "nginx-default", "line": 0}}))
	f.line == 22
}

test_ingress_misroute_fires_on_the_ingress if {
	ing := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "namespace": "blog-system", "name": "blog"}
	h := object.union(hop, {
		"kind": "ingress",
		"via": {"ref": ing, "line": 95, "namespace": "blog-system"},
		"host": {"value": "api-service.blog-system.svc.cluster.local", "resolved": "api-service.blog-system.svc.cluster.local", "external": false, "origin": "upstream-vhost", "line": 119},
	})
	some f in findings(h)
	f.object == ing
	f.line == 119
	contains(f.remediation, "upstream-vhost: was-service.blog-system.svc.cluster.local")
}

test_other_routes_do_not_fire if {
	every r in ["service", "passthrough", "blackhole", "sniffed", "tcp", "direct", "virtualservice", "unknown"] {
		count(findings(object.union(hop, {"route": r}))) == 0
	}
}

test_host_match_alone_does_not_fire if {
	# A sniffed target port: the Host would misroute on an http port, but
	# the wildcard virtual host of the sniffed port routes it to the target.
	count(findings(object.union(hop, {"route": "sniffed", "host_match": "misrouted", "protocol": "Sniffed", "http": false, "sniffed": true}))) == 0
}

test_app_hops_are_not_this_rule if {
	count(findings(object.union(hop, {"kind": "app"}))) == 0
}

# Each proxy is told the Host its own way.
test_the_fix_is_the_proxys_own if {
	route := {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "namespace": "blog-system", "name": "blog"}
	ing := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "namespace": "blog-system", "name": "blog"}
	some gw in findings(object.union(hop, {"kind": "gateway", "controller": "envoy-gateway", "via": {"ref": route, "line": 9, "namespace": "blog-system"}}))
	contains(gw.remediation, "URLRewrite filter with `hostname: was-service.blog-system.svc.cluster.local`")
	some f5 in findings(object.union(hop, {"kind": "ingress", "controller": "f5-nginx-ingress", "via": {"ref": ing, "line": 9, "namespace": "blog-system"}}))
	contains(f5.remediation, "requestHeaders.set")
	not contains(f5.remediation, "upstream-vhost")
	some nx in findings(object.union(hop, {"kind": "ingress", "controller": "ingress-nginx", "via": {"ref": ing, "line": 9, "namespace": "blog-system"}}))
	contains(nx.remediation, "upstream-vhost: was-service.blog-system.svc.cluster.local")
}
