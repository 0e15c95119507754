# METADATA
# title: no-plaintext-hops
# description: This team wants every hop between meshed workloads in mTLS.
package meshlint.rules.team_no_plaintext_hops

findings contains f if {
	some h in input.hops
	h.source.meshed
	h.server.meshed
	h.outcome != "mtls"
	f := {
		"rule": "TEAM001",
		"name": "no-plaintext-hops",
		"severity": "warning",
		"object": h.via.ref,
		"line": h.via.line,
		"message": sprintf("%s -> %s:%d is %s, not mTLS", [h.source.ref.name, h.target.name, h.port, h.outcome]),
		"remediation": "Fix the hop so that it stays in the mesh.",
		"related": [h.target],
	}
}
