package mesh

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// istiodDeployment is the discovery container of istio-discovery's
// templates/deployment.yaml with the ambient profile's env.
const istiodDeployment = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system, labels: {app: istiod}}
spec:
  selector: {matchLabels: {app: istiod}}
  template:
    metadata: {labels: {app: istiod, sidecar.istio.io/inject: "false"}}
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:%s
          env: [%s]
`

const meshConfigPlain = `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      discoveryAddress: istiod.istio-system.svc:15012
`

const strictShop = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec: {mtls: {mode: STRICT}}
`

const strictApp = `---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: app}
spec: {mtls: {mode: STRICT}}
`

// The hops between a sidecar and ztunnel, by Istio's version and istiod's
// flags (endpoint_builder.go supportTunnel; ztunnel outbound.rs).
func TestSidecarAndAmbientByIstioVersion(t *testing.T) {
	ambientEnv := `{name: PILOT_ENABLE_AMBIENT, value: "true"}`
	cases := []struct {
		name, extra          string
		toAmbient, toSidecar string // outcome of client->api, api->legacy
	}{
		{"1.24 without the HBONE metadata: the sidecar still tunnels to the ambient pod; ztunnel sends the sidecar plaintext",
			sprintf(istiodDeployment, "1.24.2", ambientEnv) + meshConfigPlain, OutMTLS, OutPlaintext},
		{"1.24 under STRICT: ztunnel's plaintext is reset by the sidecar",
			sprintf(istiodDeployment, "1.24.2-distroless", ambientEnv) + meshConfigPlain + strictApp, OutMTLS, OutRejected},
		{"1.21 without the metadata: the sidecar sends plaintext, STRICT ztunnel resets it",
			sprintf(istiodDeployment, "1.21.0", ambientEnv) + meshConfigPlain + strictShop, OutRejected, OutPlaintext},
		{"1.21 without the metadata, PERMISSIVE: plaintext both ways",
			sprintf(istiodDeployment, "1.21.0", ambientEnv) + meshConfigPlain, OutPlaintext, OutPlaintext},
		{"1.24 with PILOT_ENABLE_SENDING_HBONE off: plaintext",
			sprintf(istiodDeployment, "1.24.2", ambientEnv+`, {name: PILOT_ENABLE_SENDING_HBONE, value: "false"}`) + meshConfigPlain, OutPlaintext, OutPlaintext},
		{"an image tag that is no version: unknown",
			sprintf(istiodDeployment, "latest", ambientEnv) + meshConfigPlain, OutUnknown, OutPlaintext},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := interopHops(t, strings.Replace(mixedStack, "%s", "", 1)+c.extra, DefaultSettings())
			if out := got["client->api"]; !strings.HasPrefix(out, c.toAmbient+":") {
				t.Errorf("sidecar client -> ambient server: %s, want %s", out, c.toAmbient)
			}
			if out := got["api->legacy"]; !strings.HasPrefix(out, c.toSidecar+":") {
				t.Errorf("ambient client -> sidecar server: %s, want %s", out, c.toSidecar)
			}
		})
	}
}

// .meshlint.yaml's istio.version decides when the inputs hold no istiod.
func TestIstioVersionFromSettings(t *testing.T) {
	s := DefaultSettings()
	s.Istio.Version = "1.23"
	got := interopHops(t, strings.Replace(mixedStack, "%s", "", 1), s)
	if out := got["client->api"]; !strings.HasPrefix(out, OutMTLS+":") || !strings.Contains(out, ".meshlint.yaml") {
		t.Errorf("client->api: %s, want mtls from .meshlint.yaml's version", out)
	}
}

func interopHops(t *testing.T, text string, s Settings) map[string]string {
	t.Helper()
	res := manifest.LoadBytes("mixed.yaml", []byte(text), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	m := Build(res.Objects, s)
	got := map[string]string{}
	for _, h := range m.Hops {
		got[h.Source.Ref.Name+"->"+h.Target.Name] = h.Outcome + ": " + h.Why
	}
	return got
}

func sprintf(format string, args ...string) string {
	for _, a := range args {
		format = strings.Replace(format, "%s", a, 1)
	}
	return format
}

// istioGateway: Istio's Gateway API class in namespace gw, routing to
// Service api of the ambient namespace shop.
const istioGateway = `---
apiVersion: v1
kind: Namespace
metadata: {name: gw}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: gw}
spec:
  gatewayClassName: istio
  listeners: [{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: shop}
spec:
  parentRefs: [{name: edge, namespace: gw}]
  rules: [{backendRefs: [{name: api, port: 8080}]}]
`

// Istio's gateway is the same Envoy as a sidecar: it tunnels to ambient
// pods from 1.22 on (endpoint_builder.go), and the inputs must tell the
// version.
func TestIstioGatewayToAmbientByVersion(t *testing.T) {
	ambientEnv := `{name: PILOT_ENABLE_AMBIENT, value: "true"}`
	stack := strings.Replace(mixedStack, "%s", "", 1) + istioGateway
	for _, c := range []struct{ name, extra, want string }{
		{"no version, no HBONE metadata", meshConfigPlain, OutUnknown},
		{"1.24", sprintf(istiodDeployment, "1.24.2", ambientEnv) + meshConfigPlain, OutMTLS},
		{"1.21 without the metadata, STRICT", sprintf(istiodDeployment, "1.21.3", ambientEnv) + meshConfigPlain + strictShop, OutRejected},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := manifest.LoadBytes("gw.yaml", []byte(stack+c.extra), manifest.Options{})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			m := Build(res.Objects, DefaultSettings())
			found := false
			for _, h := range m.Hops {
				if h.Kind == "gateway" && h.Target.Name == "api" {
					found = true
					if h.Outcome != c.want {
						t.Errorf("gateway -> api: %s (%s), want %s", h.Outcome, h.Why, c.want)
					}
				}
			}
			if !found {
				t.Fatal("no gateway hop to api")
			}
		})
	}
}
