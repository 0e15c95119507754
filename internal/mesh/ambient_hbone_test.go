package mesh

import (
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// mixedStack: a sidecar client in namespace app calls Service api of the
// ambient namespace shop, and an ambient client in shop calls Service
// legacy of app (a sidecar server).
const mixedStack = `apiVersion: v1
kind: Namespace
metadata: {name: app, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: app}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}%s}
    spec: {containers: [{name: c, image: example/c, env: [{name: API, value: "http://api.shop:8080"}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: legacy, namespace: app}
spec:
  selector: {matchLabels: {app: legacy}}
  template:
    metadata: {labels: {app: legacy}}
    spec: {containers: [{name: l, image: example/l, ports: [{containerPort: 9090}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: app}
spec: {selector: {app: legacy}, ports: [{name: http, port: 9090}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: a, image: example/a, ports: [{containerPort: 8080}], env: [{name: LEGACY, value: "http://legacy.app:9090"}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{name: http, port: 8080}]}
`

const meshConfigHBONE = `---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    defaultConfig:
      proxyMetadata:
        ISTIO_META_ENABLE_HBONE: "true"
`

// Between a sidecar and ztunnel the hop is HBONE mTLS when the sidecar
// speaks HBONE (the mesh config's proxy metadata, or the pod's own), and
// unknown when the inputs do not say.
func TestSidecarAndAmbientMeetOverHBONE(t *testing.T) {
	cases := []struct {
		name, podExtra, extra string
		want                  string
	}{
		{"no mesh config", "", "", OutUnknown},
		{"the ambient profile's mesh config", "", meshConfigHBONE, OutMTLS},
		{"the client pod turns HBONE off", `, annotations: {proxy.istio.io/config: "proxyMetadata: {ISTIO_META_ENABLE_HBONE: \"false\"}"}`, meshConfigHBONE, OutUnknown},
		{"a pod dump with the tunnel label", `, labels: {app: client, networking.istio.io/tunnel: http}`, "", OutMTLS},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(mixedStack, "{labels: {app: client}%s}", "{labels: {app: client}"+c.podExtra+"}", 1)
			if strings.Contains(c.podExtra, "labels:") {
				text = strings.Replace(mixedStack, "{labels: {app: client}%s}", "{"+strings.TrimPrefix(c.podExtra, ", ")+"}", 1)
			}
			res := manifest.LoadBytes("mixed.yaml", []byte(text+c.extra), manifest.Options{})
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			m := Build(res.Objects, DefaultSettings())
			got := map[string]string{}
			for _, h := range m.Hops {
				got[h.Source.Ref.Name+"->"+h.Target.Name] = h.Outcome + ": " + h.Why
			}
			if out := got["client->api"]; !strings.HasPrefix(out, c.want+":") {
				t.Errorf("sidecar client -> ambient server: %s, want %s", out, c.want)
			}
			if c.podExtra == "" {
				if out := got["api->legacy"]; !strings.HasPrefix(out, c.want+":") {
					t.Errorf("ambient client -> sidecar server: %s, want %s", out, c.want)
				}
			}
		})
	}
}
