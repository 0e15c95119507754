# METADATA
# title: service-port-protocol-undeclared
# description: A meshed Service port declares no protocol (name prefix or appProtocol) and is not a well-known TCP port.
# custom:
#   id: ML302
package meshlint.rules.ml302

import data.meshlint.lib

findings contains f if {
	some s in input.services
	s.meshed_endpoints > 0
	some p in s.ports
	p.sniffed
	f := {
		"rule": "ML302",
		"object": s.ref,
		"line": p.line,
		"message": sprintf("Port %d of %s (name %q) declares no protocol: Istio sniffs it at run time, which delays server-first protocols and hides the Host-header routing that an explicit http port gets.", [p.port, lib.ref(s.ref), p.name]),
		"remediation": sprintf("Name the port with its protocol (http-%d, grpc-%d, tcp-%d ...) or set appProtocol.", [p.port, p.port, p.port]),
		"related": [],
	}
}
