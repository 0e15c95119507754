# METADATA
# title: destination-rule-host-unknown
# description: A DestinationRule host matches no Service or ServiceEntry of a namespace the inputs hold.
# custom:
#   id: ML501
package meshlint.rules.ml501

import data.meshlint.lib

findings contains f if {
	some dr in input.destination_rules
	dr.host_checkable
	count(dr.matches) == 0
	f := {
		"rule": "ML501",
		"object": dr.ref,
		"line": dr.host_line,
		"message": sprintf("%s has host %q (%s), which matches no Service or ServiceEntry in namespace %s: its traffic policy applies to nothing.", [lib.ref(dr.ref), dr.host, dr.fqdn, dr.host_namespace]),
		"remediation": "Use the Service's name (short names resolve in the DestinationRule's own namespace; a name with a dot is taken as fully qualified, so write svc.ns.svc.cluster.local, not svc.ns).",
		"related": [],
	}
}
