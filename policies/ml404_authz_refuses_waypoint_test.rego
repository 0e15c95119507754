package meshlint.rules.ml404_test

import data.meshlint.rules.ml404

ap := {"apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy", "namespace": "blog-system", "name": "was-allow-web"}

wp := {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "namespace": "blog-system", "name": "waypoint"}

web := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "web"}

was := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "blog-system", "name": "was"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "was-service"}

hop(outcome, waypoint) := {"outcome": outcome, "denied_by": [ap], "source": {"ref": web}, "target": svc,
	"server": {"ref": was, "container_port": 8080}, "waypoint": waypoint}

through := {"ref": wp, "principal": "cluster.local/ns/blog-system/sa/waypoint"}

test_a_refused_waypoint_fires_on_the_policy if {
	fs := ml404.findings with input as {"hops": [hop("denied", through)]}
	count(fs) == 1
	some f in fs
	f.object == ap
	contains(f.message, "cluster.local/ns/blog-system/sa/waypoint")
	f.related == [wp, was, web]
}

test_a_denial_without_waypoint_is_not_this_rule if {
	count(ml404.findings) == 0 with input as {"hops": [hop("denied", null)]}
}

test_an_admitted_hop_does_not_fire if {
	count(ml404.findings) == 0 with input as {"hops": [hop("mtls", through)]}
}
