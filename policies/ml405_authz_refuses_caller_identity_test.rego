package meshlint.rules.ml405_test

import data.meshlint.rules.ml405

ap := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "blog-system", "name": "was-allow-web"}

wp := {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "namespace": "blog-system", "name": "waypoint"}

web := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "web"}

was := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "was"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-service"}

hop(outcome, principal, at, dataplane) := {"outcome": outcome, "denied_by": [ap], "denied_by_action": "ALLOW",
	"denied_principal": principal, "denied_at": at, "source": {"ref": web}, "target": svc,
	"server": {"ref": was, "container_port": 8080, "dataplane": dataplane}, "waypoint": waypoint(at)}

waypoint("waypoint") := {"ref": wp}

waypoint(at) := null if at != "waypoint"

test_a_refused_identity_at_a_sidecar_fires_with_403 if {
	fs := ml405.findings with input as {"hops": [hop("denied", "cluster.local/ns/blog-system/sa/web", "", "sidecar")]}
	count(fs) == 1
	some f in fs
	f.object == ap
	contains(f.message, "cluster.local/ns/blog-system/sa/web")
	contains(f.message, "403")
	f.related == [was, web]
}

test_a_refused_identity_at_ztunnel_says_the_connection_is_closed if {
	some f in ml405.findings with input as {"hops": [hop("denied", "cluster.local/ns/blog-system/sa/web", "", "ambient")]}
	contains(f.message, "ztunnel closes the connection")
}

test_the_waypoint_refusing_names_the_waypoint if {
	some f in ml405.findings with input as {"hops": [hop("denied", "cluster.local/ns/blog-system/sa/web", "waypoint", "ambient")]}
	contains(f.message, "waypoint Gateway/blog-system/waypoint")
	contains(f.message, "403")
	f.related == [wp, web]
}

test_a_plaintext_denial_is_not_this_rule if {
	count(ml405.findings) == 0 with input as {"hops": [hop("denied", "", "", "sidecar")]}
}

test_an_admitted_hop_does_not_fire if {
	count(ml405.findings) == 0 with input as {"hops": [hop("mtls", "", "", "sidecar")]}
}

test_the_server_refusing_the_waypoint_is_ml404s if {
	h := object.union(hop("denied", "cluster.local/ns/blog-system/sa/waypoint", "", "ambient"), {"waypoint": {"ref": wp}})
	count(ml405.findings) == 0 with input as {"hops": [h]}
}
