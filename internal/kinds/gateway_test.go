package kinds

import (
	"fmt"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// Envoy Gateway's own configuration says where the proxies of every
// Gateway it serves run: the live ConfigMap, once bound, must give the
// model the same gateway hops as the files (its key is neither nginx
// configuration nor URLs).
func TestBoundKeepsEnvoyGatewaysConfig(t *testing.T) {
	const stack = `apiVersion: v1
kind: ConfigMap
metadata: {name: envoy-gateway-config, namespace: eg}
data:
  envoy-gateway.yaml: |
    apiVersion: gateway.envoyproxy.io/v1alpha1
    kind: EnvoyGateway
    provider:
      type: Kubernetes
      kubernetes:
        deploy:
          type: GatewayNamespace
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio-injection: enabled}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: shop}
spec:
  gatewayClassName: eg
  listeners: [{name: http, port: 80, protocol: HTTP}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: example/web, ports: [{containerPort: 8080}]}]}
`
	files, bound := loadBound(t, stack)
	want, got := gatewaySources(files), gatewaySources(bound)
	if want != got {
		t.Errorf("gateway hops from the files\n%s\nonce bound\n%s", want, got)
	}
	if !strings.Contains(want, "from shop meshed=true") {
		t.Errorf("the GatewayNamespace mode did not put the proxies in shop:\n%s", want)
	}
}

func gatewaySources(objs []*manifest.Object) string {
	m := mesh.Build(objs, mesh.DefaultSettings())
	var b strings.Builder
	for _, h := range m.Hops {
		if h.Kind == "gateway" {
			fmt.Fprintf(&b, "%s from %s meshed=%v\n", h.Target.Ref, h.Source.Namespace, h.Source.Meshed)
		}
	}
	return b.String()
}
