# METADATA
# title: mixed-dataplane-plaintext-refused
# description: Between a sidecar and an ambient workload the connection is not tunnelled over HBONE, and the server's STRICT PeerAuthentication (or the client's ISTIO_MUTUAL) refuses what is sent instead.
# custom:
#   id: ML108
package meshlint.rules.ml108

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.outcome == "rejected"
	mixed(h)
	obj := object_of(h)
	f := {
		"rule": "ML108",
		"object": obj,
		"message": sprintf("%s -> %s port %d runs from the client's %s to the server's %s: %s.", [lib.ref(h.source.ref), lib.ref(h.server.ref), h.server.container_port, lib.proxy(h.source), lib.proxy(h.server), h.why]),
		"remediation": remediation(h),
		"related": [h.source.ref, h.server.ref],
	}
}

# mixed: one end behind a sidecar, the other behind ztunnel, where the
# sidecar carries the connection (a bypassed sidecar or a proxy outside
# the mesh is ML101's).
mixed(h) if {
	h.source.dataplane == "sidecar"
	lib.ambient(h.server)
	not h.route in {"direct", "passthrough"}
}

mixed(h) if {
	lib.ambient(h.source)
	h.server.dataplane == "sidecar"
	not h.kind in {"ingress", "gateway"}
}

object_of(h) := h.server.mode_policy if h.server.mode == "STRICT"

object_of(h) := h.destination_rule if {
	h.server.mode != "STRICT"
	h.destination_rule != null
}

remediation(h) := "Let the sidecar speak HBONE: on Istio 1.22 or later sidecars tunnel to ambient pods by default (keep PILOT_ENABLE_SENDING_HBONE on and ISTIO_META_DISABLE_HBONE_SEND unset); before, set ISTIO_META_ENABLE_HBONE: \"true\" in the mesh config's defaultConfig.proxyMetadata (the ambient profile does). Or make the server's port PERMISSIVE while the two dataplanes meet." if h.source.dataplane == "sidecar"

remediation(h) := sprintf("Let %s's sidecar accept HBONE: set ISTIO_META_ENABLE_HBONE: \"true\" in its proxy metadata (the mesh config's defaultConfig.proxyMetadata, as the ambient profile does, or the pod's proxy.istio.io/config) and restart it, so the injector labels it networking.istio.io/tunnel: http and ztunnel tunnels to it; or move it to ambient mode; or make its port PERMISSIVE.", [lib.ref(h.server.ref)]) if lib.ambient(h.source)
