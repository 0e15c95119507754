# METADATA
# title: duplicate-object
# description: The inputs define the same object twice; `kubectl apply -f` keeps the last definition and silently replaces the earlier ones.
# custom:
#   id: ML002
package meshlint.rules.ml002

findings contains f if {
	some d in input.duplicates
	f := {
		"rule": "ML002",
		"object": d.ref,
		"line": d.line,
		"message": sprintf("%s is defined %d times in the inputs: %s, and last at %s:%d. `kubectl apply -f` applies them in order, each replacing the one before, so only the last definition is in the cluster; meshlint reads only that one.", [ref(d.ref), count(d.earlier) + 1, places(d.earlier), d.file, d.line]),
		"remediation": sprintf("Keep one definition of %s: delete the earlier ones (%s), or rename them if they are meant to be different objects.", [ref(d.ref), places(d.earlier)]),
		"related": [],
	}
}

ref(r) := sprintf("%s/%s/%s", [r.kind, r.namespace, r.name]) if r.namespace != ""

ref(r) := sprintf("%s/%s", [r.kind, r.name]) if r.namespace == ""

places(es) := concat(", ", [sprintf("%s:%d", [e.file, e.line]) | some e in es])
