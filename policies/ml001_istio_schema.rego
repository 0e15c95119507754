# METADATA
# title: istio-schema
# description: An Istio object has a field or value that the Kubernetes API server drops or refuses.
# custom:
#   id: ML001
package meshlint.rules.ml001

import data.meshlint.lib

findings contains f if {
	some is in input.istio_schema
	f := {
		"rule": "ML001",
		"object": is.ref,
		"line": is.line,
		"message": sprintf("%s: %s", [lib.ref(is.ref), message(is)]),
		"remediation": remediation(is),
		"related": [],
	}
}

message(is) := sprintf("unknown field %q%s. kubectl (strict field validation) refuses the object; clients that do not validate strictly store it without the field, so Istio never sees this setting%s.", [is.field, suggestion(is), also_rejected(is)]) if is.kind == "unknown-field"

message(is) := sprintf("the API server refuses the object: %s%s. It never exists in the cluster; meshlint leaves it out of the model.", [field_words(is), is.detail]) if is.kind == "invalid"

message(is) := sprintf("the API server refuses the object: %s. It never exists in the cluster; meshlint leaves it out of the model.", [is.detail]) if is.kind == "not-served"

suggestion(is) := sprintf(" (did you mean %s?)", [is.suggestion]) if is.suggestion != ""

suggestion(is) := "" if is.suggestion == ""

also_rejected(is) := " (and the object has a value the API server refuses in any case)" if is.rejected

also_rejected(is) := "" if not is.rejected

field_words(is) := sprintf("%s: ", [is.field]) if is.field != ""

field_words(is) := "" if is.field == ""

remediation(is) := sprintf("Rename the field to %s, where the schema has it.", [is.suggestion]) if {
	is.kind == "unknown-field"
	is.suggestion != ""
}

remediation(is) := "Remove the field, or move it to where the Istio API defines it (kubectl explain or the Istio reference names the fields of each kind)." if {
	is.kind == "unknown-field"
	is.suggestion == ""
}

remediation(is) := "Write a value of the type and spelling the message names (enum values are upper case, numbers without quotes); `kubectl apply --dry-run=server` reports the same error." if is.kind == "invalid"

remediation(is) := "Use a kind and version that the Istio CRDs serve (networking.istio.io/v1, security.istio.io/v1)." if is.kind == "not-served"
