# METADATA
# title: port-level-mtls-unbound-port
# description: A portLevelMtls key is not a container port any Service targets on the selected workloads; Istio ignores it.
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
	f := {
		"rule": "ML105",
		"object": pa.ref,
		"line": p.line,
		"message": sprintf("portLevelMtls of %s names port %d, which no Service targets as a container port on the workloads it selects: Istio ignores the entry (istio/istio#49098) and the port keeps mode %s.", [lib.ref(pa.ref), p.port, effective(pa)]),
		"remediation": "Key portLevelMtls by the container port (the Service's targetPort), not the Service port, and make sure a Service targets it.",
		"related": [],
	}
}

effective(pa) := pa.mode if pa.mode != ""

effective(pa) := "inherited from the namespace or mesh policy" if pa.mode == ""
