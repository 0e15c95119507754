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
		"message": sprintf("Port %d of %s (%s) declares no protocol Istio recognizes (name prefix or appProtocol), so Istio auto-detects it (sniffing). A server-first protocol (MySQL, MongoDB, SMTP) hangs on a sniffed port, and HTTP on it is routed by a wildcard virtual host: a wrong Host header works today and goes to PassthroughCluster (502 under REGISTRY_ONLY) the day the port is named http.", [p.port, lib.ref(s.ref), name_words(p)]),
		"remediation": "Declare the protocol: name the port <protocol>[-suffix] (http-web, grpc-api, tcp-db ...) or set appProtocol (http, grpc, tcp ...).",
		"related": [],
	}
}

name_words(p) := "unnamed" if p.name == ""

name_words(p) := sprintf("name %q", [p.name]) if p.name != ""
