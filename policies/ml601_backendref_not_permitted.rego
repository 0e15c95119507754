# METADATA
# title: backendref-not-permitted
# description: A route's backendRef into another namespace has no ReferenceGrant there -> ResolvedRefs=False, requests to it get 500.
# custom:
#   id: ML601
package meshlint.rules.ml601

import data.meshlint.lib

findings contains f if {
	some r in input.gateway_routes
	some b in r.backends
	not b.permitted
	f := {
		"rule": "ML601",
		"severity": severity(b),
		"object": r.ref,
		"line": b.line,
		"message": message(r, b),
		"remediation": sprintf("Add a ReferenceGrant in namespace %s that lets %ss of %s refer to it: `spec: {from: [{group: gateway.networking.k8s.io, kind: %s, namespace: %s}], to: [{group: %q, kind: %s, name: %s}]}`. Or put the route and its backend in one namespace.", [b.namespace, r.kind, r.ref.namespace, r.kind, r.ref.namespace, b.group, b.kind, b.name]),
		"related": [],
	}
}

# Gateway API: a namespace's ReferenceGrants are its own to give; a
# namespace the inputs hold nothing of may hold one.
severity(b) := "error" if b.known

severity(b) := "info" if not b.known

message(r, b) := sprintf("%s sends to %s %s/%s in another namespace, but %s: the gateway marks the reference invalid (ResolvedRefs=False, RefNotPermitted) and answers every request the rule would send there with HTTP 500.", [lib.ref(r.ref), b.kind, b.namespace, b.name, b.why]) if b.known

message(r, b) := sprintf("%s sends to %s %s/%s in another namespace, and %s: unless that namespace holds a ReferenceGrant for it, the reference is invalid (RefNotPermitted) and those requests get HTTP 500.", [lib.ref(r.ref), b.kind, b.namespace, b.name, b.why]) if not b.known
