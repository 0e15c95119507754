# METADATA
# title: no-sniffed-ports
# description: A Service port whose protocol Istio sniffs.
# custom:
#   id: TEAM001
#   severity: error
#   remediation: Name the port http-*, tcp-*, ... or set appProtocol.
package meshlint.rules.team_no_sniffed_ports

import data.team.words

findings contains f if {
	some s in input.services
	some p in s.ports
	p.sniffed
	f := {
		"rule": "TEAM001",
		"object": s.ref,
		"line": p.line,
		"message": sprintf("port %d of %s is sniffed", [p.port, words.ref(s.ref)]),
	}
}
