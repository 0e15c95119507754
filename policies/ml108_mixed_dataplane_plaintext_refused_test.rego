package meshlint.rules.ml108_test

import data.meshlint.rules.ml108

pa := {"apiVersion": "security.istio.io/v1", "kind": "PeerAuthentication", "namespace": "shop", "name": "default"}

client := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "app", "name": "client"}

api := {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "api"}

hop(src, srv, route, kind) := {"outcome": "rejected", "kind": kind, "route": route, "why": "plaintext",
	"source": {"ref": client, "dataplane": src}, "destination_rule": null,
	"server": {"ref": api, "dataplane": srv, "container_port": 8080, "mode": "STRICT", "mode_policy": pa}}

test_a_sidecar_client_refused_by_ztunnel_fires_on_the_peer_authentication if {
	fs := ml108.findings with input as {"hops": [hop("sidecar", "ambient", "service", "app")]}
	count(fs) == 1
	some f in fs
	f.object == pa
	contains(f.message, "client's sidecar to the server's ztunnel")
}

test_ztunnel_refused_by_a_sidecar_fires if {
	some f in ml108.findings with input as {"hops": [hop("ambient", "sidecar", "direct", "app")]}
	contains(f.remediation, "ISTIO_META_ENABLE_HBONE")
}

test_a_bypassed_sidecar_is_not_this_rule if {
	count(ml108.findings) == 0 with input as {"hops": [hop("sidecar", "ambient", "direct", "app")]}
}

test_two_sidecars_are_not_this_rule if {
	count(ml108.findings) == 0 with input as {"hops": [hop("sidecar", "sidecar", "service", "app")]}
}

test_an_ambient_ingress_is_ml101s if {
	count(ml108.findings) == 0 with input as {"hops": [hop("ambient", "sidecar", "direct", "ingress")]}
}
