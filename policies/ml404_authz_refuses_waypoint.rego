# METADATA
# title: authz-refuses-waypoint
# description: A Service's traffic goes through a waypoint, whose identity the server's ztunnel policies refuse -> connection closed.
# custom:
#   id: ML404
package meshlint.rules.ml404

import data.meshlint.lib

findings contains f if {
	some h in input.hops
	h.outcome == "denied"
	lib.through_waypoint(h)
	object.get(h, "denied_at", "") != "waypoint" # the waypoint refusing the caller is ML405's
	some ap in h.denied_by
	f := {
		"rule": "ML404",
		"object": ap,
		"message": sprintf("%s calls %s through waypoint %s, and the waypoint opens its own connection to %s port %d: ztunnel there sees the identity %s, which %s does not admit, and closes the connection (502 at an ingress, a reset in the mesh).", [lib.ref(h.source.ref), lib.ref(h.target), lib.ref(h.waypoint.ref), lib.ref(h.server.ref), h.server.container_port, h.waypoint.principal, lib.ref(ap)]),
		"remediation": sprintf("Bind the policy to the waypoint instead: replace its selector with targetRefs to Service %s (the waypoint then checks the caller's own identity, %s), or admit the waypoint's identity %s in %s.", [h.target.name, lib.ref(h.source.ref), h.waypoint.principal, lib.ref(ap)]),
		"related": [h.waypoint.ref, h.server.ref, h.source.ref],
	}
}
