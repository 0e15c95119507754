# METADATA
# title: authz-custom-provider-undefined
# description: "A CUSTOM AuthorizationPolicy names a provider the mesh config lacks (error: istiod generates deny rules, 403) or that the inputs cannot check (info)."
# custom:
#   id: ML402
package meshlint.rules.ml402

import data.meshlint.lib

# Istio: pilot/pkg/security/authz/builder/builder.go: a CUSTOM policy
# whose provider is not among meshConfig.extensionProviders "will generate
# deny configs" for the requests its rules match.
findings contains f if {
	some h in input.hops
	some c in object.get(h, "custom_authz", [])
	c.provider_defined in {"no", "unknown"}
	f := {
		"rule": "ML402",
		"severity": severity[c.provider_defined],
		"object": c.ref,
		"line": c.line,
		"message": message(c, h),
		"remediation": sprintf("Define the extension provider %q in meshConfig.extensionProviders (the mesh key of the istio ConfigMap in the root namespace), or name a defined one in %s.", [c.provider, lib.ref(c.ref)]),
		"related": [h.server.ref],
	}
}

severity := {"no": "error", "unknown": "info"}

message(c, h) := sprintf("%s hands requests to %s to the external authorizer %q, which the mesh config's extensionProviders do not define: istiod generates deny rules instead and every request the policy matches gets 403.", [lib.ref(c.ref), lib.ref(h.server.ref), c.provider]) if c.provider_defined == "no"

message(c, h) := sprintf("%s hands requests to %s to the external authorizer %q; the inputs hold no mesh config (istio ConfigMap in the root namespace) to check that it is defined. If it is not, istiod generates deny rules and the matched requests get 403.", [lib.ref(c.ref), lib.ref(h.server.ref), c.provider]) if c.provider_defined == "unknown"
