package meshlint.rules.ml203_test

import data.meshlint.rules.ml203

ing_ref := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "namespace": "blog-system", "name": "blog"}

ctrl_ref := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "ingress-nginx", "name": "ingress-nginx-controller"}

ing := {
	"ref": ing_ref,
	"line": 80,
	"upstream_vhost": "",
	"service_upstream": false,
	"annotations_line": 0,
	"controller": {"class": "nginx", "known": true, "meshed": true, "why": "controller Deployment/ingress-nginx/ingress-nginx-controller: namespace ingress-nginx injection labels", "ref": ctrl_ref},
}

findings(i) := fs if {
	fs := ml203.findings with input as {"ingresses": [i], "settings": {"cluster_domain": "cluster.local"}}
}

test_meshed_controller_without_service_upstream_fires if {
	some f in findings(ing)
	f.rule == "ML203"
	f.object == ing_ref
	f.line == 80
	contains(f.message, "pod IPs")
	contains(f.message, "PassthroughCluster")
	contains(f.message, "nginx")
	contains(f.remediation, "service-upstream: \"true\"")
	contains(f.remediation, "upstream-vhost")
	contains(f.remediation, "svc.cluster.local")
	f.related == [ctrl_ref]
}

test_one_finding if {
	count(findings(ing)) == 1
}

test_service_upstream_does_not_fire if {
	count(findings(object.union(ing, {"service_upstream": true}))) == 0
}

test_upstream_vhost_alone_still_fires if {
	count(findings(object.union(ing, {"upstream_vhost": "web-service.blog-system.svc.cluster.local"}))) == 1
}

test_unmeshed_controller_does_not_fire if {
	count(findings(object.union(ing, {"controller": object.union(ing.controller, {"meshed": false})}))) == 0
}

test_unknown_controller_does_not_fire if {
	c := {"class": "nginx", "known": false, "meshed": false, "why": "the inputs hold no controller", "ref": null}
	count(findings(object.union(ing, {"controller": c}))) == 0
}

test_controller_meshed_by_config_fires_without_related if {
	c := {"class": "nginx", "known": true, "meshed": true, "why": "config ingressClasses[nginx].meshed", "ref": null}
	some f in findings(object.union(ing, {"controller": c}))
	f.related == []
	contains(f.message, "config ingressClasses")
}

test_an_ingress_whose_program_reads_other_annotations_does_not_fire if {
	every p in ["f5-nginx-ingress", "traefik"] {
		count(findings(object.union(ing, {"program": p, "nginx_annotations": false}))) == 0
	}
}

test_traefiks_ingress_nginx_provider_fires_naming_traefik if {
	some f in findings(object.union(ing, {"program": "traefik", "nginx_annotations": true}))
	contains(f.message, "Traefik (its kubernetesIngressNGINX provider) dials pod IPs")
}

test_an_ingress_nginx_program_fires if {
	some f in findings(object.union(ing, {"program": "ingress-nginx", "nginx_annotations": true}))
	contains(f.message, "ingress-nginx dials pod IPs")
}
