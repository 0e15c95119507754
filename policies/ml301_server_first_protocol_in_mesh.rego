# METADATA
# title: server-first-protocol-in-mesh
# description: A meshed workload serves a server-first protocol on a sniffed port, or under PERMISSIVE to a plaintext caller -> connections hang.
# custom:
#   id: ML301
package meshlint.rules.ml301

import data.meshlint.lib

findings contains f if {
	some s in input.server_first
	s.sniffed
	f := finding(s, sprintf("Service port %d (%s) declares no protocol, so Istio sniffs it: the sidecar waits for the client to speak while the %s client waits for the server's greeting, and connections hang.", [s.port, name(s), what(s)]))
}

findings contains f if {
	some s in input.server_first
	not s.sniffed
	s.mode == "PERMISSIVE"
	count(s.plaintext_callers) > 0
	callers := concat(", ", {lib.ref(c.source) | some c in s.plaintext_callers})
	f := finding(s, sprintf("Under PERMISSIVE the sidecar waits for a client's first bytes to tell mTLS from plaintext, and %s reach it in plaintext; the %s server speaks first, so those connections hang.", [callers, what(s)]))
}

finding(s, why) := {
	"rule": "ML301",
	"object": s.workload,
	"line": s.line,
	"message": sprintf("%s serves a server-first protocol (%s) behind a sidecar. %s", [lib.ref(s.workload), what(s), why]),
	"remediation": sprintf("Keep %s out of the mesh: pod template label sidecar.istio.io/inject: \"false\" (meshlint fix adds it), with a DestinationRule tls.mode DISABLE for %s; or declare the port TCP (name tcp-%d or appProtocol: tcp) and make every client send mTLS under STRICT.", [lib.ref(s.workload), lib.ref(s.service), s.port]),
	"related": [s.service],
}

what(s) := s.image if s.image != ""

what(s) := sprintf("port %d", [s.port]) if s.image == ""

name(s) := s.port_name if s.port_name != ""

name(s) := "unnamed" if s.port_name == ""
