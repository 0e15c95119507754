# METADATA
# title: virtual-service-destination-unknown
# description: A VirtualService route destination matches no Service or ServiceEntry of a namespace the inputs hold.
# custom:
#   id: ML502
package meshlint.rules.ml502

import data.meshlint.lib

findings contains f if {
	some vs in input.virtual_services
	some d in vs.destinations
	d.host_checkable
	count(d.matches) == 0
	f := {
		"rule": "ML502",
		"object": vs.ref,
		"line": d.line,
		"message": sprintf("%s routes to %q (%s), which matches no Service or ServiceEntry in namespace %s: the route points at a cluster that does not exist: HTTP requests on it get 503 (cluster not found), TCP connections are closed.", [lib.ref(vs.ref), d.host, d.fqdn, d.host_namespace]),
		"remediation": "Point the destination at an existing Service (short names resolve in the VirtualService's namespace; a name with a dot is taken as fully qualified), or add the ServiceEntry it needs.",
		"related": [],
	}
}
