package meshlint.rules.ml001_test

import data.meshlint.rules.ml001

pa := {"kind": "PeerAuthentication", "namespace": "shop", "name": "web"}

unknown := {"ref": pa, "line": 12, "field": "spec.portLevelMTLS", "kind": "unknown-field",
	"detail": "unknown field \"spec.portLevelMTLS\"", "suggestion": "portLevelMtls", "rejected": false}

bad_enum := {"ref": pa, "line": 9, "field": "spec.mtls.mode", "kind": "invalid",
	"detail": "Unsupported value: \"Permissive\": supported values: \"UNSET\", \"DISABLE\", \"PERMISSIVE\", \"STRICT\"",
	"suggestion": "", "rejected": true}

test_unknown_field_fires_with_the_suggestion if {
	fs := ml001.findings with input as {"istio_schema": [unknown]}
	count(fs) == 1
	some f in fs
	f.line == 12
	contains(f.message, "did you mean portLevelMtls?")
	contains(f.remediation, "portLevelMtls")
}

test_unknown_field_without_suggestion_says_remove if {
	fs := ml001.findings with input as {"istio_schema": [object.union(unknown, {"suggestion": ""})]}
	some f in fs
	not contains(f.message, "did you mean")
	startswith(f.remediation, "Remove the field")
}

test_bad_enum_lists_the_values_and_says_the_object_is_left_out if {
	fs := ml001.findings with input as {"istio_schema": [bad_enum]}
	some f in fs
	f.line == 9
	contains(f.message, "spec.mtls.mode: Unsupported value: \"Permissive\"")
	contains(f.message, "\"PERMISSIVE\"")
	contains(f.message, "leaves it out of the model")
}

test_one_finding_per_issue if {
	fs := ml001.findings with input as {"istio_schema": [unknown, bad_enum]}
	count(fs) == 2
}

test_no_issue_no_finding if {
	fs := ml001.findings with input as {"istio_schema": []}
	count(fs) == 0
}
