# METADATA
# title: peer-authentication-ignored
# description: A second mesh-wide or namespace-wide PeerAuthentication, or a selector policy in the root namespace, is ignored by Istio.
# custom:
#   id: ML106
package meshlint.rules.ml106

import data.meshlint.lib

findings contains f if {
	some pa in input.peer_authentications
	pa.ignored
	f := {
		"rule": "ML106",
		"object": pa.ref,
		"line": pa.line,
		"message": sprintf("Istio ignores %s: %s. %s", [lib.ref(pa.ref), pa.ignored_reason, effect(pa)]),
		"remediation": remediation(pa),
		"related": related(pa),
	}
}

remediation(pa) := sprintf("Merge it into %s and delete it: one %s-wide PeerAuthentication per scope.", [lib.ref(pa.winner), pa.scope]) if pa.winner != null

remediation(pa) := sprintf("Move it to the namespace of the workloads it selects (a selector policy in the root namespace %s is ignored), or drop its selector to make it mesh-wide.", [input.settings.root_namespace]) if pa.winner == null

related(pa) := [pa.winner] if pa.winner != null

related(pa) := [] if pa.winner == null

effect(pa) := sprintf("Its mode %s has no effect: the workloads keep the mode the other policies give them.", [pa.mode]) if pa.mode != ""

effect(pa) := "None of its settings has any effect." if pa.mode == ""
