# METADATA
# title: strict-mtls-behind-unmeshed-ingress
# description: An Ingress backend port is STRICT while the controller's hop is plaintext -> 502.
# custom:
#   id: ML101
package meshlint.rules.ml101

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.kind == "ingress"
	h.outcome == "rejected"
	h.server.mode == "STRICT"
	why := plaintext_reason(h)
	f := {
		"rule": "ML101",
		"severity": severity(h),
		"object": h.server.mode_policy,
		"line": h.server.mode_line,
		"message": sprintf("%s makes port %d of %s STRICT, but %s reaches it in plaintext: %s. The %s resets the connection and the ingress controller answers 502 Bad Gateway.", [lib.ref(h.server.mode_policy), h.server.container_port, lib.ref(h.server.ref), lib.ref(h.via.ref), why, lib.proxy(h.server)]),
		"remediation": remediation(h),
		"related": [h.via.ref, h.server.ref],
	}
}

remediation(h) := concat("", [let_in(h), ". Or put the controller in the mesh: label its namespace istio.io/dataplane-mode=ambient, and ztunnel carries its hops over HBONE mTLS."]) if lib.ambient(h.server)

remediation(h) := concat("", [let_in(h), sprintf("; keep in-mesh hops mTLS with ISTIO_MUTUAL DestinationRules. Or put the controller in the mesh and give the Ingress nginx.ingress.kubernetes.io/service-upstream: \"true\" and nginx.ingress.kubernetes.io/upstream-vhost: %s.", [h.target_fqdn])]) if not lib.ambient(h.server)

# let_in is the fix on the server's side, whatever proxy it has.
let_in(h) := sprintf("Let the ingress hop in: set mtls.mode PERMISSIVE for namespace %s (PeerAuthentication named default without selector), or a workload PeerAuthentication selecting %s with portLevelMtls {%d: {mode: PERMISSIVE}}", [h.server.ref.namespace, h.server.ref.name, h.server.container_port])

plaintext_reason(h) := sprintf("its controller is outside the mesh (%s)", [h.source.why]) if {
	not h.source.meshed
	h.source.meshed_known
}

plaintext_reason(h) := sprintf("if its controller is outside the mesh, which the inputs do not tell (%s)", [h.source.why]) if {
	not h.source.meshed
	not h.source.meshed_known
}

plaintext_reason(h) := "the meshed controller's hop leaves the mesh through PassthroughCluster (no upstream-vhost, or pod IPs without service-upstream)" if {
	h.source.meshed
	h.route == "passthrough"
}

plaintext_reason(h) := sprintf("the meshed controller's hop bypasses its sidecar (%s)", [h.bypass]) if {
	h.source.meshed
	h.route == "direct"
}

severity(h) := "info" if not h.source.meshed_known

severity(h) := "error" if h.source.meshed_known
