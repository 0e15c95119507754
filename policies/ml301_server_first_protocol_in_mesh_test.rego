package meshlint.rules.ml301_test

import data.meshlint.rules.ml301

mysql := {"apiVersion": "apps/v1", "kind": "StatefulSet", "namespace": "blog-system", "name": "mysql"}

svc := {"apiVersion": "v1", "kind": "Service", "namespace": "blog-system", "name": "mysql"}

report := {"apiVersion": "batch/v1", "kind": "CronJob", "namespace": "blog-system", "name": "blog-report"}

backup := {"apiVersion": "batch/v1", "kind": "CronJob", "namespace": "blog-system", "name": "blog-backup"}

entry(port, name, sniffed, mode, callers) := {
	"workload": mysql,
	"line": 37,
	"image": "mysql:8.0",
	"service": svc,
	"port": port,
	"port_name": name,
	"container_port": 3306,
	"protocol": protocol(sniffed),
	"sniffed": sniffed,
	"meshed": true,
	"mode": mode,
	"plaintext_callers": callers,
	"meshed_callers": [],
}

protocol(true) := "Sniffed"

protocol(false) := "TCP"

caller(src, port) := {"hop": 0, "source": src, "port": port}

test_sniffed_port_fires_on_the_workload if {
	fs := ml301.findings with input as {"server_first": [entry(3307, "", true, "PERMISSIVE", [])]}
	count(fs) == 1
	some f in fs
	f.rule == "ML301"
	f.object == mysql
	f.line == 37
	f.related == [svc]
	contains(f.message, "3307 (unnamed)")
	contains(f.message, "sniffs")
	contains(f.message, "hang")
	contains(f.remediation, "sidecar.istio.io/inject: \"false\"")
	contains(f.remediation, "tcp-")
}

test_sniffed_port_fires_even_under_strict_without_callers if {
	count(ml301.findings) == 1 with input as {"server_first": [entry(3307, "db", true, "STRICT", [])]}
}

test_declared_port_permissive_with_plaintext_caller_fires if {
	fs := ml301.findings with input as {"server_first": [entry(3306, "", false, "PERMISSIVE", [caller(report, 3306)])]}
	count(fs) == 1
	some f in fs
	f.object == mysql
	contains(f.message, "PERMISSIVE")
	contains(f.message, "CronJob/blog-system/blog-report reaches port 3306 in plaintext")
	contains(f.message, "hang")
}

test_two_plaintext_callers_are_both_named if {
	fs := ml301.findings with input as {"server_first": [entry(3306, "", false, "PERMISSIVE", [caller(report, 3306), caller(backup, 3306)])]}
	some f in fs
	contains(f.message, "CronJob/blog-system/blog-backup, CronJob/blog-system/blog-report reach port 3306")
}

test_declared_port_permissive_without_plaintext_callers_does_not_fire if {
	count(ml301.findings) == 0 with input as {"server_first": [entry(3306, "", false, "PERMISSIVE", [])]}
}

test_declared_port_strict_does_not_fire if {
	count(ml301.findings) == 0 with input as {"server_first": [entry(3306, "tcp-mysql", false, "STRICT", [caller(report, 3306)])]}
}

test_plaintext_caller_of_another_port_does_not_fire if {
	count(ml301.findings) == 0 with input as {"server_first": [entry(3306, "tcp-mysql", false, "PERMISSIVE", [caller(report, 9104)])]}
}

test_server_first_by_port_names_the_port if {
	e := object.union(entry(25, "", true, "PERMISSIVE", []), {"image": ""})
	some f in ml301.findings with input as {"server_first": [e]}
	contains(f.message, "(port 25)")
}

test_no_server_first_workloads_no_findings if {
	count(ml301.findings) == 0 with input as {"server_first": []}
}

test_unmeshed_server_on_a_sniffed_port_hangs_its_meshed_clients if {
	e := object.union(entry(3307, "", true, null, []), {"meshed": false, "meshed_callers": [caller(report, 3307)]})
	some f in ml301.findings with input as {"server_first": [e]}
	contains(f.message, "hang")
	contains(f.remediation, "tcp-3307")
}

test_unmeshed_server_without_meshed_callers_is_quiet if {
	e := object.union(entry(3307, "", true, null, []), {"meshed": false})
	count(ml301.findings) == 0 with input as {"server_first": [e]}
}
