package mesh

import (
	"strings"

	"github.com/meshlint/meshlint/internal/manifest"
)

// ReadEverywhere reports whether the model reads o for the workloads of
// every namespace, wherever o is: a change to it reaches the whole mesh,
// and an evaluation of any scope must hold it (the admission webhook's
// Store hands it to each, as it does the cluster-scoped objects). These
// are, found by kind and name or content in the whole input:
//   - the sidecar injector's install, its MutatingWebhookConfigurations
//     and istio-sidecar-injector ConfigMaps (injector_load.go
//     loadInjectors), which decide which pods have a sidecar;
//   - istiod's Deployment (istiod.go loadIstiod, isIstiod), whose image
//     and env give the version and the features the model follows;
//   - the istio-cni-config ConfigMap (ambient_cni.go loadEnablement),
//     whose enablement selectors decide which pods ztunnel captures. The
//     istio-cni chart puts it in the chart's namespace, which is
//     kube-system where a ResourceQuota must admit its node-critical
//     pods (GKE), not the root namespace;
//   - Envoy Gateway's envoy-gateway-config ConfigMap (gatewayenvoy.go
//     envoyGatewayNS), which decides where every Gateway's proxies run;
//   - a workload that sets KGW_ENABLE_ISTIO_AUTO_MTLS, the kgateway
//     controller (gatewayprograms.go kgatewayAutoMTLS), which decides
//     whether every kgateway proxy originates Istio mTLS;
//   - an EnvoyProxy or NginxProxy: a GatewayClass's parametersRef names
//     one in any namespace, and it then parametrises the proxies of
//     every Gateway of the class (gatewayvendor.go params): their pod
//     labels (a sidecar), whether they dial the Service.
//
// The root namespace's istio ConfigMap (the mesh config) is read for
// every namespace too, but by its place; the admission scope keeps the
// root namespace's own rules (admission scope_meshwide.go).
func ReadEverywhere(o *manifest.Object) bool {
	switch {
	case o.Kind == "MutatingWebhookConfiguration":
		return strings.HasPrefix(o.APIVersion, "admissionregistration.k8s.io/")
	case o.Kind == "ConfigMap":
		return o.APIVersion == "v1" && (strings.HasPrefix(o.Name, "istio-sidecar-injector") ||
			o.Name == cniConfigMap || o.Name == EnvoyGatewayConfig)
	case o.Kind == "Deployment" && isIstiod(o):
		return true
	case o.Kind == "EnvoyProxy" || o.Kind == "NginxProxy":
		return isVendorObject(o)
	}
	return IsWorkloadKind(o.Kind) && namesEnv(o, kgatewayAutoMTLSEnv)
}

// kgatewayAutoMTLSEnv is the kgateway controller's switch for Istio mTLS
// (gatewayprograms.go kgatewayAutoMTLS).
const kgatewayAutoMTLSEnv = "KGW_ENABLE_ISTIO_AUTO_MTLS"

// namesEnv: a container of o's pod template sets the variable, to any
// value (a change of its value changes what the model reads).
func namesEnv(o *manifest.Object, name string) bool {
	path, ok := podTemplatePaths[o.Kind]
	if !ok {
		return false
	}
	for _, c := range listAt(body(o), append(path[:len(path):len(path)], "spec", "containers")...) {
		for _, e := range listAt(asMap(c), "env") {
			if strAt(asMap(e), "name") == name {
				return true
			}
		}
	}
	return false
}
