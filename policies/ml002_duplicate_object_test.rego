package meshlint.rules.ml002_test

import data.meshlint.rules.ml002

dup := {
	"ref": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"},
	"file": "b.yaml",
	"line": 12,
	"earlier": [{"file": "a.yaml", "line": 3, "apiVersion": "apps/v1"}],
}

test_a_duplicate_fires_on_the_last_definition_naming_both_places if {
	fs := ml002.findings with input as {"duplicates": [dup]}
	count(fs) == 1
	some f in fs
	f.rule == "ML002"
	f.line == 12
	f.object.name == "web"
	contains(f.message, "a.yaml:3")
	contains(f.message, "b.yaml:12")
}

test_three_definitions_name_every_earlier_place if {
	three := object.union(dup, {"earlier": [{"file": "a.yaml", "line": 3, "apiVersion": "apps/v1"}, {"file": "a.yaml", "line": 30, "apiVersion": "apps/v1"}]})
	some f in ml002.findings with input as {"duplicates": [three]}
	contains(f.message, "defined 3 times")
	contains(f.message, "a.yaml:3, a.yaml:30")
}

test_no_duplicates_no_finding if {
	count(ml002.findings) == 0 with input as {"duplicates": []}
}
