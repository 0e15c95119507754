# METADATA
# title: port-level-mtls-unbound-port
# description: A portLevelMtls key is not a container port any Service targets on the selected workloads (nor one they declare), so it never applies to Service traffic.
# custom:
#   id: ML105
package meshlint.rules.ml105

import data.meshlint.lib

findings contains f if {
	some pa in input.peer_authentications
	not pa.ignored
	pa.selected_workloads > 0
	some p in pa.port_level
	not p.bound
	# A key on a container port that a selected workload declares but no
	# Service targets is not a mistake: Istio (>= 1.9) applies it on a
	# per-port passthrough filter chain to connections made straight to the
	# pod (pilot/pkg/networking/plugin/authn/authentication.go ForPassthrough,
	# needPerPortPassthroughFilterChain), e.g. a metrics port scraped by pod IP.
	not object.get(p, "container_port_declared", false)
	f := {
		"rule": "ML105",
		"object": pa.ref,
		"line": p.line,
		"message": sprintf("portLevelMtls of %s keys port %d, but no Service targets container port %d on the workloads it selects. Istio keys portLevelMtls by the container port, not the Service port (istio/istio#49098): the entry never applies to traffic that comes through a Service, which keeps %s; it only governs connections made straight to pod port %d.", [lib.ref(pa.ref), p.port, p.port, effective(pa), p.port]),
		"remediation": sprintf("Key the entry by the container port the Service targets (its targetPort, resolved by name on the pod), not the Service port; or delete it if nothing connects to pod port %d.", [p.port]),
		"related": [],
	}
}

effective(pa) := sprintf("the policy's mode %s", [pa.mode]) if pa.mode != ""

effective(pa) := "the namespace or mesh mode" if pa.mode == ""
