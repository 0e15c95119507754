# METADATA
# title: sidecar-egress-hides-destination
# description: A meshed client calls a Service its Sidecar resource's egress hosts do not import -> PassthroughCluster (502 under REGISTRY_ONLY).
# custom:
#   id: ML205
package meshlint.rules.ml205

import data.meshlint.lib

# Istio: pilot/pkg/model/sidecar.go selectServices: a Service outside the
# egress hosts is not in the sidecar's registry; httproute.go
# buildCatchAllVirtualHost sends the request to the catch-all.
findings contains f if {
	some h in input.hops
	h.source.meshed
	h.bypass == ""
	object.get(h, "target_visible", true)
	sc := object.get(h, "sidecar", null)
	sc != null
	sc.imports_target == false
	h.route in {"passthrough", "blackhole"}
	f := {
		"rule": "ML205",
		"object": sc.ref,
		"line": sc.egress_line,
		"message": sprintf("%s applies to %s, and its egress hosts do not import %s port %d: the sidecar does not know the Service and sends the request to %s.", [lib.ref(sc.ref), lib.ref(h.source.ref), h.target_fqdn, h.port, effect[h.route]]),
		"remediation": sprintf("Add \"%s/%s\" (or \"%s/*\") to the egress hosts of %s.", [h.target.namespace, h.target_fqdn, h.target.namespace, lib.ref(sc.ref)]),
		"related": [h.source.ref, h.target, h.via.ref],
	}
}

effect := {
	"passthrough": "PassthroughCluster: plaintext, no mTLS (a STRICT server resets it), no telemetry and no peer identity for AuthorizationPolicy",
	"blackhole": "BlackHoleCluster (outboundTrafficPolicy REGISTRY_ONLY): 502",
}
