package mesh

import (
	"slices"
	"strings"
)

// The controllers meshlint models, by GatewayClass spec.controllerName
// (docs/mesh-semantics.md "Gateway API" cites each one's source).
var gatewayPrograms = map[string]gatewayProgram{
	// istio/istio pilot/pkg/features/pilot.go ManagedGatewayController;
	// manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml:
	// a Deployment in the Gateway's namespace running the mesh's proxy
	// (pilot-agent proxy router); routes by cluster
	// (pilot/pkg/config/kube/gateway/conversion.go buildDestination) and
	// auto mTLS (pilot/pkg/networking/core/cluster_tls.go).
	"istio.io/gateway-controller": {id: "istio", inGatewayNS: true, meshProxy: true, podLabels: noLabels},
	// envoyproxy/gateway api/v1alpha1/envoygateway_types.go
	// GatewayControllerName; pods in the controller's namespace unless
	// deploy.type GatewayNamespace (internal/infrastructure/kubernetes/
	// proxy_infra.go GetResourceNamespace); infrastructure labels and
	// annotations on the pods (internal/gatewayapi/translator.go
	// infrastructureLabels, proxy/resource_provider.go getPodLabels);
	// endpoint IPs unless routingType Service
	// (translator.go IsServiceRouting); the client's Host
	// (internal/xds/translator/route.go rewrites it only on URLRewrite).
	"gateway.envoyproxy.io/gatewayclass-controller": {id: "envoy-gateway", controllerNS: "envoy-gateway-system",
		infra: true, podIPs: true, podLabels: envoyGatewayLabels},
	// nginx/nginx-gateway-fabric internal/controller/provisioner/objects.go
	// buildNginxResourceObjects (nginx pods in the Gateway's namespace,
	// infrastructure labels on the pod template); upstreams of endpoint
	// IPs (internal/controller/nginx/config/upstreams_template.go) unless
	// useClusterIP; Host $gw_api_compliant_host, the client's
	// (internal/controller/nginx/config/servers.go createBaseProxySetHeaders).
	"gateway.nginx.org/nginx-gateway-controller": {id: "nginx-gateway-fabric", inGatewayNS: true, infra: true,
		podIPs: true, podLabels: gatewayNameLabel},
	// traefik/traefik pkg/provider/kubernetes/gateway/kubernetes.go
	// controllerName: the Traefik pods of the install serve every Gateway
	// (no per-Gateway pods, no use of spec.infrastructure); endpoint IPs
	// unless nativeLB; passHostHeader true (pkg/config/dynamic/http_config.go
	// DefaultPassHostHeader).
	"traefik.io/gateway-controller": {id: "traefik", podIPs: true, podLabels: noLabels, findPods: traefikPods},
	// kgateway-dev/kgateway internal/kgateway/wellknown/controller.go;
	// pkg/deployer/deployer.go SetNamespaceAndOwnerWithGVK (the Gateway's
	// namespace), pkg/deployer/values_helpers.go translateInfraMeta
	// (infrastructure labels on the pods); EDS of endpoint IPs; with the
	// controller's KGW_ENABLE_ISTIO_AUTO_MTLS its Envoy originates Istio
	// mTLS itself (internal/kgateway/extensions2/plugins/istio/plugin.go).
	"kgateway.dev/kgateway": {id: "kgateway", inGatewayNS: true, infra: true, podIPs: true,
		podLabels: kgatewayLabels},
	// cilium/cilium operator/pkg/gateway-api: the Gateway is served by
	// the cilium-envoy of each node, outside every pod.
	"io.cilium/gateway-controller": {id: "cilium", noPods: true, podLabels: noLabels},
}

func kgatewayLabels(g *Gateway) map[string]string {
	return map[string]string{labelGatewayName: g.Name, "kgateway": "kube-gateway", "app.kubernetes.io/name": g.Name}
}

// traefikPods is the Traefik workload of the inputs, if any (by image).
func traefikPods(m *Model) *Workload {
	for _, w := range m.Workloads {
		for _, c := range w.Containers {
			if r := ImageRepo(c.Image); r == "traefik" || strings.HasSuffix(r, "/traefik") {
				return w
			}
		}
	}
	return nil
}

// kgatewayAutoMTLS: the kgateway controller of the inputs runs with
// KGW_ENABLE_ISTIO_AUTO_MTLS=true, so its proxies originate Istio mTLS
// (kgateway docs "Istio integration"; pkg/deployer/values_helpers.go).
func (m *Model) kgatewayAutoMTLS() bool {
	for _, w := range m.Workloads {
		for _, c := range w.Containers {
			for _, e := range c.Env {
				if e.Name == kgatewayAutoMTLSEnv && strings.EqualFold(e.Value, "true") {
					return true
				}
			}
		}
	}
	return false
}

// traefikGatewayNativeLB: the Service annotation traefik.io/service.nativelb
// makes Traefik dial its ClusterIP (pkg/provider/kubernetes/gateway/annotations.go).
func traefikGatewayNativeLB(svc *Service) bool { return svc.nativeLB }

const annTraefikNativeLB = "traefik.io/service.nativelb"

// labelGatewayName is the label implementations put on a Gateway's
// resources (GEP-1762: gateway.networking.k8s.io/gateway-name).
const labelGatewayName = "gateway.networking.k8s.io/gateway-name"

func gatewayNameLabel(g *Gateway) map[string]string {
	return map[string]string{labelGatewayName: g.Name}
}

// GatewayPlaneNamespaces are the namespaces where gateway data planes may
// run outside their Gateway's namespace: each known program's controller
// namespace (Envoy Gateway's envoy-gateway-system) and those the settings
// name for a GatewayClass. Whether such a namespace injects sidecars
// decides the hops of every Gateway its program serves, so the admission
// webhook puts them in the scope of every change.
func GatewayPlaneNamespaces(s Settings) []string {
	var out []string
	add := func(ns string) {
		if ns != "" && !slices.Contains(out, ns) {
			out = append(out, ns)
		}
	}
	for _, p := range gatewayPrograms {
		add(p.controllerNS)
	}
	for _, gc := range s.GatewayClasses {
		add(gc.Namespace)
	}
	slices.Sort(out)
	return out
}
