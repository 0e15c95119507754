# METADATA
# title: meshed-ingress-nginx-without-service-upstream
# description: A meshed ingress-nginx dials pod IPs unless the Ingress sets service-upstream -> PassthroughCluster.
# custom:
#   id: ML203
package meshlint.rules.ml203

import data.meshlint.lib

findings contains f if {
	some ing in input.ingresses
	ing.controller.known
	ing.controller.meshed
	not ing.service_upstream
	f := {
		"rule": "ML203",
		"object": ing.ref,
		"line": ing.line,
		"message": sprintf("The controller of class %s is meshed (%s), and %s has no nginx.ingress.kubernetes.io/service-upstream: \"true\": ingress-nginx dials pod IPs, which its sidecar sends to PassthroughCluster (no mTLS, no telemetry, no identity).", [ing.controller.class, ing.controller.why, lib.ref(ing.ref)]),
		"remediation": sprintf("Add the annotations nginx.ingress.kubernetes.io/service-upstream: \"true\" and nginx.ingress.kubernetes.io/upstream-vhost: <service>.<namespace>.svc.%s to %s.", [input.settings.cluster_domain, lib.ref(ing.ref)]),
		"related": related(ing),
	}
}

related(ing) := [ing.controller.ref] if ing.controller.ref != null

related(ing) := [] if ing.controller.ref == null
