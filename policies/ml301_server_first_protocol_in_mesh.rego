# METADATA
# title: server-first-protocol-in-mesh
# description: A meshed workload serves a server-first protocol on a sniffed port, or under PERMISSIVE to a plaintext caller -> connections hang.
# custom:
#   id: ML301
package meshlint.rules.ml301

import data.meshlint.lib

findings contains f if {
	some s in input.server_first
	s.meshed
	s.sniffed
	f := finding(s, sprintf("Service port %d (%s) declares no protocol, so Istio sniffs it: the sidecar waits for the client to speak while the client waits for the %s server's greeting, and connections hang.", [s.port, name(s), what(s)]))
}

findings contains f if {
	some s in input.server_first
	not s.sniffed
	s.mode == "PERMISSIVE"
	# only callers of this Service port: a plaintext caller of another port of
	# the workload (e.g. a metrics exporter) does not hang this one
	sources := {lib.ref(c.source) | some c in s.plaintext_callers; c.port == s.port}
	count(sources) > 0
	f := finding(s, sprintf("Under PERMISSIVE the sidecar waits for a client's first bytes to tell mTLS from plaintext, and %s %s port %d in plaintext; the %s server speaks first, so those connections hang.", [concat(", ", sources), reach(sources), s.port, what(s)]))
}

# An unmeshed server on a sniffed port hangs too: the meshed clients'
# sidecars sniff outbound with no detection timeout.
findings contains f if {
	some s in input.server_first
	not s.meshed
	s.sniffed
	sources := {lib.ref(c.source) | some c in s.meshed_callers}
	count(sources) > 0
	f := {
		"rule": "ML301",
		"object": s.workload,
		"line": s.line,
		"message": sprintf("%s serves a server-first protocol (%s) on Service port %d, which declares no protocol: the sidecars of its meshed clients (%s) sniff the port and wait for the client to speak while the client waits for the server's greeting, and connections hang.", [lib.ref(s.workload), what(s), s.port, concat(", ", sources)]),
		"remediation": sprintf("Declare the port TCP on %s (name tcp-%d or appProtocol: tcp).", [lib.ref(s.service), s.port]),
		"related": [s.service],
	}
}

reach(sources) := "reaches" if count(sources) == 1

reach(sources) := "reach" if count(sources) > 1

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
