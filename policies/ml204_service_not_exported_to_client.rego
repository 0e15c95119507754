# METADATA
# title: service-not-exported-to-client
# description: A meshed client calls a Service whose networking.istio.io/exportTo hides it from the client's namespace -> PassthroughCluster (502 under REGISTRY_ONLY).
# custom:
#   id: ML204
package meshlint.rules.ml204

import data.meshlint.lib

# Istio: pilot/pkg/model/push_context.go IsServiceVisible; a sidecar that
# does not see the Service has no virtual host, listener or cluster for it.
findings contains f if {
	some h in input.hops
	h.source.meshed
	h.bypass == ""
	object.get(h, "target_visible", true) == false
	h.route in {"passthrough", "blackhole"}
	e := h.target_export_to
	f := {
		"rule": "ML204",
		"object": e.service,
		"line": e.line,
		"message": sprintf("%s calls %s port %d, but its exportTo (%s) does not include %s: the client's sidecar does not know the Service and sends the request to %s.", [lib.ref(h.source.ref), lib.ref(e.service), h.port, concat(",", e.namespaces), h.source.namespace, effect[h.route]]),
		"remediation": sprintf("Add %s to the networking.istio.io/exportTo annotation of %s (or remove the annotation to export it to every namespace).", [h.source.namespace, lib.ref(e.service)]),
		"related": [h.source.ref, h.via.ref],
	}
}

effect := {
	"passthrough": "PassthroughCluster: plaintext, no mTLS (a STRICT server resets it), no telemetry and no peer identity for AuthorizationPolicy",
	"blackhole": "BlackHoleCluster (outboundTrafficPolicy REGISTRY_ONLY): 502",
}
