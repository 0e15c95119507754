package mesh

import "go.yaml.in/yaml/v3"

// Envoy Gateway's own objects (envoyproxy/gateway api/v1alpha1).

const (
	labelOwningGateway   = "gateway.envoyproxy.io/owning-gateway-name"
	labelOwningGatewayNS = "gateway.envoyproxy.io/owning-gateway-namespace"
	envoyGatewayGroup    = "gateway.envoyproxy.io"
	EnvoyGatewayConfig   = "envoy-gateway-config" // Envoy Gateway's own configuration ConfigMap
)

// envoyGatewayLabels are the pod labels Envoy Gateway sets
// (internal/infrastructure/kubernetes/proxy/resource.go EnvoyAppLabel,
// internal/gatewayapi/translator.go OwningGateway*Label).
func envoyGatewayLabels(g *Gateway) map[string]string {
	return map[string]string{"app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy",
		"app.kubernetes.io/managed-by": "envoy-gateway", labelOwningGateway: g.Name, labelOwningGatewayNS: g.Namespace}
}

// envoyProxyPod is spec.provider.kubernetes.envoyDeployment.pod.<field>
// of g's EnvoyProxy: labels or annotations added to the proxy pods
// (api/v1alpha1/shared_types.go KubernetesPodSpec).
func (m *Model) envoyProxyPod(g *Gateway, field string) map[string]string {
	ep := m.params(g, "EnvoyProxy")
	if ep == nil {
		return nil
	}
	return stringMap(mapAt(body(ep), "spec", "provider", "kubernetes", "envoyDeployment", "pod", field))
}

// envoyGatewayNS: the proxies run in the controller's namespace, or in
// the Gateway's when the EnvoyGateway config (the envoy-gateway-config
// ConfigMap, key envoy-gateway.yaml) sets provider.kubernetes.deploy.type
// GatewayNamespace (api/v1alpha1/envoygateway_helpers.go
// GatewayNamespaceMode). The controller's namespace is the ConfigMap's
// when the inputs hold it, else the chart's default.
func (m *Model) envoyGatewayNS(g *Gateway, def string) string {
	for key, cm := range m.ConfigMaps {
		if key.name != EnvoyGatewayConfig {
			continue
		}
		var cfg struct {
			Provider struct {
				Kubernetes struct {
					Deploy struct {
						Type string `yaml:"type"`
					} `yaml:"deploy"`
				} `yaml:"kubernetes"`
			} `yaml:"provider"`
		}
		_ = yaml.Unmarshal([]byte(strAt(body(cm), "data", "envoy-gateway.yaml")), &cfg)
		if cfg.Provider.Kubernetes.Deploy.Type == "GatewayNamespace" {
			return g.Namespace
		}
		return key.ns
	}
	return def
}
