package mesh

import (
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
)

// The model reads Istio objects as the API server stores them
// (docs/mesh-semantics.md section 10).
func TestModelReadsIstioObjectsAsStored(t *testing.T) {
	m := build(t, `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: web, namespace: shop}
spec:
  selector:
    matchLabels: {app: web}
  mtls: {mode: STRICT}
  portLevelMTLS:
    8080: {mode: PERMISSIVE}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec:
  mtls: {mode: Permissive}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api
  trafficPolicy:
    tls: {mode: ISTIO_MUTAL}
`)
	if len(m.PeerAuths) != 1 || m.PeerAuths[0].Ref.Name != "web" {
		t.Fatalf("peer authentications %v: want only web (default's mode is refused)", m.PeerAuths)
	}
	if pa := m.PeerAuths[0]; pa.Mode != "STRICT" || len(pa.PortModes) != 0 {
		t.Errorf("web: mode %q, port modes %v: the unknown portLevelMTLS must not be read", pa.Mode, pa.PortModes)
	}
	if pa := m.PeerAuths[0]; pa.Obj.Body["spec"].(map[string]any)["portLevelMTLS"] != nil {
		t.Error("the model's copy of web still has portLevelMTLS")
	}
	if len(m.DestRules) != 0 {
		t.Errorf("destination rules %v: the refused one must be left out", m.DestRules)
	}
	if len(m.Schema) != 3 {
		t.Errorf("schema issues %+v, want 3", m.Schema)
	}
}

func TestValidIstioObjectsReachTheModelUnchanged(t *testing.T) {
	res := manifest.LoadBytes("test.yaml", []byte(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: api, namespace: shop}
spec:
  host: api
  trafficPolicy:
    tls: {mode: ISTIO_MUTUAL}
`), manifest.Options{})
	objs := res.Objects
	m := Build(objs, DefaultSettings())
	if len(m.DestRules) != 1 || m.DestRules[0].Obj != objs[0] || len(m.Schema) != 0 {
		t.Errorf("destination rules %v, schema %v: want the object itself, no issue", m.DestRules, m.Schema)
	}
}
