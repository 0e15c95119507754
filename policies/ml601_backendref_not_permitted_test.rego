package meshlint.rules.ml601_test

import data.meshlint.rules.ml601

route(backend) := {
	"ref": {"kind": "HTTPRoute", "namespace": "web", "name": "site"},
	"kind": "HTTPRoute",
	"backends": [backend],
}

backend(permitted, known) := {
	"group": "", "kind": "Service", "name": "api", "namespace": "shop", "port": 80, "line": 14,
	"permitted": permitted, "known": known,
	"why": "no ReferenceGrant in namespace shop lets HTTPRoutes of web refer to Service api",
}

test_not_permitted_is_an_error_on_the_backend_line if {
	some f in ml601.findings with input as {"gateway_routes": [route(backend(false, true))]}
	f.rule == "ML601"
	f.severity == "error"
	f.object.name == "site"
	f.line == 14
	contains(f.message, "HTTP 500")
	contains(f.message, "RefNotPermitted")
	contains(f.remediation, "ReferenceGrant in namespace shop")
	contains(f.remediation, "kind: HTTPRoute, namespace: web")
}

test_namespace_not_in_the_inputs_is_info if {
	some f in ml601.findings with input as {"gateway_routes": [route(backend(false, false))]}
	f.severity == "info"
	contains(f.message, "unless")
}

test_permitted_does_not_fire if {
	count(ml601.findings) == 0 with input as {"gateway_routes": [route(backend(true, true))]}
}
