# METADATA
# title: authz-unsupported-by-ztunnel
# description: An AuthorizationPolicy that ztunnel enforces for ambient workloads has HTTP rules or an unsupported action -> not enforced as written.
# custom:
#   id: ML403
package meshlint.rules.ml403

import data.meshlint.lib

findings contains f if {
	some p in input.ztunnel_policies
	f := {
		"rule": "ML403",
		"object": p.ref,
		"line": line(p),
		"message": sprintf("%s reaches the ztunnel of %s (ambient), which %s", [lib.ref(p.ref), workloads(p), effect(p)]),
		"remediation": remediation(p),
		"related": p.workloads,
	}
}

line(p) := p.action_line if p.unsupported_action

line(p) := p.http_rules[0].line if {
	not p.unsupported_action
	count(p.http_rules) > 0
}

workloads(p) := concat(", ", [lib.ref(w) | some w in p.workloads])

attributes(p) := concat(", ", sort({a | some r in p.http_rules; some a in r.attributes}))

effect(p) := sprintf("does not support action %s: the policy is not enforced there (no external authorization for these workloads).", [p.action]) if p.unsupported_action

effect(p) := sprintf("cannot match HTTP attributes (%s): every rule of this ALLOW policy has one, so none matches and every connection is refused (502 at an ingress, a reset in the mesh).", [attributes(p)]) if {
	not p.unsupported_action
	p.action == "ALLOW"
	p.all_rules_http
}

effect(p) := sprintf("cannot match HTTP attributes (%s): the ALLOW rules that have one never match, so the callers they admit are refused (502 at an ingress, a reset in the mesh).", [attributes(p)]) if {
	not p.unsupported_action
	p.action == "ALLOW"
	not p.all_rules_http
}

effect(p) := sprintf("cannot match HTTP attributes (%s): it enforces those DENY rules on their L4 part alone and refuses every connection that part matches, not just the requests named.", [attributes(p)]) if {
	not p.unsupported_action
	p.action == "DENY"
}

remediation(p) := "Deploy a waypoint for the workloads' Service (istio.io/use-waypoint on the Service or namespace) and bind the policy to it with targetRefs (kind Service or Gateway) instead of selector; keep in selector policies only what ztunnel enforces (ports, principals, namespaces, ipBlocks)."
