# METADATA
# title: traffic-rule-unapplied-in-ambient
# description: A DestinationRule or VirtualService is for a Service whose workloads are all ambient and use no waypoint, and no workload of the inputs has a sidecar -> nothing applies it.
# custom:
#   id: ML503
package meshlint.rules.ml503

import data.meshlint.lib

findings contains f if {
	some u in input.ambient_unapplied
	f := {
		"rule": "ML503",
		"object": u.ref,
		"line": u.line,
		"message": sprintf("%s is for %s, whose workloads ztunnel carries (ambient mode) without a waypoint, and no workload of the inputs has a sidecar: no proxy applies it (ztunnel reads neither DestinationRules nor VirtualServices), so its traffic policy or routes have no effect for the callers the inputs show.", [lib.ref(u.ref), lib.ref(u.service)]),
		"remediation": sprintf("If %s must take effect, deploy a waypoint for %s (istio.io/use-waypoint on the Service or its namespace): the waypoint applies it. Otherwise delete it.", [lib.ref(u.ref), lib.ref(u.service)]),
		"related": [u.service],
	}
}
