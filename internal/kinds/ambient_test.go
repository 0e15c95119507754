package kinds

import (
	"fmt"
	"strings"
	"testing"

	"github.com/meshlint/meshlint/internal/manifest"
	"github.com/meshlint/meshlint/internal/mesh"
)

// An install's istio-cni-config decides which pods ztunnel captures: the
// live objects, once bound, must give the model the same decisions as the
// files (its ambient keys are not nginx configuration nor URLs).
func TestBoundKeepsTheAmbientEnablement(t *testing.T) {
	const stack = `apiVersion: v1
kind: ConfigMap
metadata: {name: istio-cni-config, namespace: istio-system}
data:
  AMBIENT_ENABLED: "true"
  AMBIENT_ENABLEMENT_SELECTOR: |
    - podSelector: {matchLabels: {mesh: ambient}}
  CURRENT_AGENT_VERSION: "1.29.0"
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Pod
metadata: {name: in, namespace: shop, labels: {mesh: ambient}}
spec: {containers: [{name: app, image: example/app}]}
---
apiVersion: v1
kind: Pod
metadata: {name: out, namespace: shop}
spec: {containers: [{name: app, image: example/app}]}
`
	files, bound := loadBound(t, stack)
	want, got := dataplanes(files), dataplanes(bound)
	if want != got {
		t.Errorf("dataplanes from the files\n%s\nonce bound\n%s", want, got)
	}
	if !strings.Contains(want, "Pod/shop/in ambient") || !strings.Contains(want, "Pod/shop/out none") {
		t.Errorf("the install's selectors did not decide:\n%s", want)
	}
}

func dataplanes(objs []*manifest.Object) string {
	m := mesh.Build(objs, mesh.DefaultSettings())
	var b strings.Builder
	for _, w := range m.Workloads {
		fmt.Fprintf(&b, "%s %s\n", w.Ref, w.Dataplane)
	}
	return b.String()
}

// loadBound reads a stack as the files give it and as the live objects
// give it once bound.
func loadBound(t *testing.T, stack string) (files, bound []*manifest.Object) {
	t.Helper()
	res := manifest.LoadBytes("stack.yaml", []byte(stack), manifest.Options{})
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	for _, o := range res.Objects {
		bound = append(bound, boundCopy(t, o))
	}
	return res.Objects, bound
}
