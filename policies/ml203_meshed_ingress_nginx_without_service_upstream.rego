# METADATA
# title: meshed-ingress-nginx-without-service-upstream
# description: A meshed ingress-nginx dials pod IPs unless the Ingress sets service-upstream -> PassthroughCluster.
# custom:
#   id: ML203
package meshlint.rules.ml203

import data.meshlint.lib

findings contains f if {
	some ing in input.ingresses
	# Only where ingress-nginx's annotations decide the hop: ingress-nginx,
	# or Traefik's kubernetesIngressNGINX provider. The F5 controller and
	# Traefik's own providers have their own fixes (ML101/ML201).
	object.get(ing, "nginx_annotations", true)
	ing.controller.known
	ing.controller.meshed
	not ing.service_upstream
	f := {
		"rule": "ML203",
		"object": ing.ref,
		"line": ing.line,
		"message": sprintf("The controller of class %s is meshed (%s), and %s has no %s/service-upstream: \"true\": %s dials pod IPs, which its sidecar sends to PassthroughCluster (no mTLS, no telemetry, no identity).", [ing.controller.class, ing.controller.why, lib.ref(ing.ref), prefix(ing), dialer(ing)]),
		"remediation": sprintf("Add the annotations %s/service-upstream: \"true\" and %s/upstream-vhost: <service>.<namespace>.svc.%s to %s.", [prefix(ing), prefix(ing), input.settings.cluster_domain, lib.ref(ing.ref)]),
		"related": related(ing),
	}
}

related(ing) := [ing.controller.ref] if ing.controller.ref != null

related(ing) := [] if ing.controller.ref == null

# prefix is the controller's --annotations-prefix (ingress-nginx
# pkg/flags/flags.go), nginx.ingress.kubernetes.io unless it says otherwise.
prefix(ing) := ing.annotations_prefix if ing.annotations_prefix

prefix(ing) := "nginx.ingress.kubernetes.io" if not ing.annotations_prefix

dialer(ing) := "Traefik (its kubernetesIngressNGINX provider)" if object.get(ing, "program", "") == "traefik"

dialer(ing) := "ingress-nginx" if object.get(ing, "program", "") != "traefik"
