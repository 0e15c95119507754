package meshlint.rules.ml302_test

import data.meshlint.rules.ml302

port(name, number, protocol, declared) := {
	"name": name, "port": number, "protocol": protocol, "declared": declared,
	"sniffed": protocol == "Sniffed", "http": protocol == "HTTP", "line": number,
}

service(meshed, ports) := {
	"ref": {"kind": "Service", "namespace": "shop", "name": "api"},
	"line": 1,
	"has_selector": true,
	"meshed_endpoints": meshed,
	"unmeshed_endpoints": 0,
	"ports": ports,
}

test_unnamed_sniffed_port_of_a_meshed_service_fires_on_the_port if {
	fs := ml302.findings with input as {"services": [service(1, [port("http", 80, "HTTP", true), port("", 9090, "Sniffed", false)])]}
	count(fs) == 1
	some f in fs
	f.rule == "ML302"
	f.object.name == "api"
	f.line == 9090
	contains(f.message, "unnamed")
	contains(f.message, "hangs")
	contains(f.message, "PassthroughCluster")
}

test_unknown_name_prefix_is_named_in_the_message if {
	some f in ml302.findings with input as {"services": [service(1, [port("web", 8080, "Sniffed", false)])]}
	contains(f.message, `name "web"`)
	contains(f.remediation, "appProtocol")
}

test_declared_port_does_not_fire if {
	count(ml302.findings) == 0 with input as {"services": [service(1, [port("http-web", 8080, "HTTP", true)])]}
}

# 3306 unnamed: Istio takes it as TCP (well-known port), not sniffed.
test_well_known_tcp_port_does_not_fire if {
	count(ml302.findings) == 0 with input as {"services": [service(1, [port("", 3306, "TCP", false)])]}
}

test_unmeshed_service_does_not_fire if {
	count(ml302.findings) == 0 with input as {"services": [service(0, [port("", 8080, "Sniffed", false)])]}
}
